package net.mailstat.rrd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.Archive;
import org.rrd4j.core.ArcState;
import org.rrd4j.core.Datasource;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;

/** Read-only views of a database in rrdtool's text formats: fetch, info, and a report table. */
public final class RrdInspector {
  private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private RrdInspector() {}

  static RrdDb openReadOnly(Path file) throws RrdToolException {
    switch (RrdFileKind.of(file)) {
      case RRD4J -> {
        try {
          // rrd4j needs a parent directory: a bare file name would fail inside it
          return RrdDb.getBuilder().setPath(file.toAbsolutePath().toString()).readOnly().build();
        } catch (IOException | RuntimeException e) {
          throw new RrdToolException("cannot open " + file + ": " + e.getMessage());
        }
      }
      case RRDTOOL -> throw new RrdToolException(
          file + " is an rrdtool file; bring it over with 'mailstat rrd import' (or restore its XML dump)");
      case XML -> throw new RrdToolException(file + " is an XML dump; use 'mailstat rrd restore' first");
      default -> throw new RrdToolException(file + " is not an RRD file");
    }
  }

  static ConsolFun consolFun(String cf) throws RrdToolException {
    try {
      return ConsolFun.valueOf(cf.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RrdToolException("unknown consolidation function '" + cf + "' (AVERAGE, MIN, MAX, LAST)");
    }
  }

  private static FetchData fetchData(RrdDb db, String cf, long start, long end, long resolution)
      throws RrdToolException, IOException {
    ConsolFun fun = consolFun(cf);
    if (!hasArchive(db, fun)) {
      throw new RrdToolException("the file has no " + fun + " archive");
    }
    return db.createFetchRequest(fun, start, end, Math.max(1, resolution)).fetchData();
  }

  private static boolean hasArchive(RrdDb db, ConsolFun fun) throws IOException {
    for (int i = 0; i < db.getArcCount(); i++) {
      if (db.getArchive(i).getConsolFun() == fun) {
        return true;
      }
    }
    return false;
  }

  /** Prints like {@code rrdtool fetch}: a header of data-source names, then one row per step. */
  public static void fetch(Path file, String cf, long start, long end, long resolution, PrintWriter out)
      throws RrdToolException, IOException {
    try (RrdDb db = openReadOnly(file)) {
      FetchData data = fetchData(db, cf, start, end, resolution);
      StringBuilder header = new StringBuilder("           ");
      for (String name : data.getDsNames()) {
        header.append(String.format(Locale.ROOT, "%20s", name));
      }
      out.println(header);
      out.println();
      long[] times = data.getTimestamps();
      double[][] values = data.getValues();
      for (int row = 0; row < times.length; row++) {
        if (times[row] <= start) {
          continue; // rrdtool starts with the first row that ends after the start
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%10d:", times[row]));
        for (double[] column : values) {
          line.append(' ').append(number(column[row]));
        }
        out.println(line);
      }
    }
    out.flush();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.10e", v);
  }

  /** Prints like {@code rrdtool info}: one {@code key = value} per line. */
  public static void info(Path file, PrintWriter out) throws RrdToolException, IOException {
    try (RrdDb db = openReadOnly(file)) {
      out.printf("filename = \"%s\"%n", file);
      out.printf("rrd_version = \"%s\"%n", db.getHeader().getSignature());
      out.printf("step = %d%n", db.getHeader().getStep());
      out.printf("last_update = %d%n", db.getLastUpdateTime());
      for (int i = 0; i < db.getDsCount(); i++) {
        Datasource ds = db.getDatasource(i);
        String p = "ds[" + ds.getName() + "].";
        out.printf("%sindex = %d%n", p, i);
        out.printf("%stype = \"%s\"%n", p, ds.getType());
        out.printf("%sminimal_heartbeat = %d%n", p, ds.getHeartbeat());
        out.printf("%smin = %s%n", p, number(ds.getMinValue()));
        out.printf("%smax = %s%n", p, number(ds.getMaxValue()));
        out.printf("%slast_ds = \"%s\"%n", p, lastDs(ds.getLastValue()));
        out.printf("%svalue = %s%n", p, number(ds.getAccumValue()));
        out.printf("%sunknown_sec = %d%n", p, ds.getNanSeconds());
      }
      for (int a = 0; a < db.getArcCount(); a++) {
        Archive arc = db.getArchive(a);
        String p = "rra[" + a + "].";
        out.printf("%scf = \"%s\"%n", p, arc.getConsolFun());
        out.printf("%srows = %d%n", p, arc.getRows());
        out.printf("%spdp_per_row = %d%n", p, arc.getSteps());
        out.printf("%sxff = %s%n", p, number(arc.getXff()));
        for (int i = 0; i < db.getDsCount(); i++) {
          ArcState state = arc.getArcState(i);
          out.printf("%scdp_prep[%d].value = %s%n", p, i, number(state.getAccumValue()));
          out.printf("%scdp_prep[%d].unknown_datapoints = %d%n", p, i, state.getNanSteps());
        }
      }
    }
    out.flush();
  }

  private static String lastDs(double v) {
    if (Double.isNaN(v)) {
      return "U";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * A table for people: one row per archive row with each data source's value; for ABSOLUTE,
   * COUNTER and DERIVE sources the number of events in that row (rate times row length), then
   * their totals. Unknown values print as {@code -} and count as nothing.
   */
  public static void report(Path file, String cf, long start, long end, long resolution, ZoneId zone, PrintWriter out)
      throws RrdToolException, IOException {
    try (RrdDb db = openReadOnly(file)) {
      FetchData data = fetchData(db, cf, start, end, resolution);
      String[] names = data.getDsNames();
      boolean[] perRow = new boolean[names.length];
      for (int i = 0; i < names.length; i++) {
        perRow[i] = db.getDatasource(names[i]).getType() != DsType.GAUGE;
      }
      long step = data.getStep();
      StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s", "time"));
      for (String name : names) {
        header.append(String.format(Locale.ROOT, " %12s", name));
      }
      out.println(header);
      double[] totals = new double[names.length];
      long[] times = data.getTimestamps();
      double[][] values = data.getValues();
      for (int row = 0; row < times.length; row++) {
        if (times[row] <= start) {
          continue;
        }
        StringBuilder line = new StringBuilder(
            String.format(Locale.ROOT, "%-16s", REPORT_TIME.format(Instant.ofEpochSecond(times[row]).atZone(zone))));
        for (int c = 0; c < names.length; c++) {
          double v = values[c][row];
          if (Double.isNaN(v)) {
            line.append(String.format(Locale.ROOT, " %12s", "-"));
            continue;
          }
          double shown = perRow[c] ? v * step : v;
          totals[c] += shown;
          line.append(String.format(Locale.ROOT, " %12.1f", shown));
        }
        out.println(line);
      }
      StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "%-16s", "total"));
      for (int c = 0; c < names.length; c++) {
        total.append(perRow[c] ? String.format(Locale.ROOT, " %12.1f", totals[c]) : String.format(" %12s", "-"));
      }
      out.println(total);
      out.printf("(%s, %d s per row; ABSOLUTE/COUNTER/DERIVE values are events per row)%n",
          consolFun(cf), step);
    }
    out.flush();
  }
}
