package net.mailstat.rrd;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDbPool;
import org.rrd4j.data.Variable;
import org.rrd4j.graph.ElementsNames;
import org.rrd4j.graph.RrdGraph;
import org.rrd4j.graph.RrdGraphConstants;
import org.rrd4j.graph.RrdGraphDef;
import org.rrd4j.graph.RrdGraphInfo;

/**
 * Draws mailgraph-style graphs with rrd4j: rates in messages per minute, and per series a legend
 * of the total number of messages in the range, the average and the maximum per minute; for the
 * queue graph ({@link GraphKind#gauge()}) messages waiting, with the last, average and maximum
 * in the legend (a gauge has no total). Reads through the application's pool, so it sees what the
 * recorder wrote. Thread-safe.
 */
public final class GraphRenderer {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH);

  private final RrdDbPool pool;
  private final RrdFiles files;
  private final ZoneId zone;

  public GraphRenderer(RrdDbPool pool, RrdFiles files, ZoneId zone) {
    this.pool = pool;
    this.files = files;
    this.zone = zone;
  }

  public RrdFiles files() {
    return files;
  }

  /** Whether every database the graph needs exists. */
  public boolean available(GraphKind kind, String hostKey) {
    for (GraphKind.Series s : kind.series()) {
      if (!Files.isRegularFile(files.path(s.db(), hostKey))) {
        return false;
      }
    }
    return true;
  }

  public RenderedGraph render(GraphRequest r) throws IOException {
    RrdGraphDef g = new RrdGraphDef(r.start(), r.end());
    g.setPoolUsed(true);
    g.setPool(pool);
    g.setFilename(RrdGraphConstants.IN_MEMORY_IMAGE);
    g.setImageFormat("png");
    g.setWidth(r.width());
    g.setHeight(r.height());
    g.setStep(r.step());
    boolean gauge = r.kind().gauge();
    g.setVerticalLabel(gauge ? "messages" : "msgs/min");
    g.setMinValue(0);
    g.setUnitsExponent(0);
    g.setShowSignature(false);
    g.setTimeZone(TimeZone.getTimeZone(zone));
    g.setLocale(Locale.ENGLISH);
    g.setColor(ElementsNames.back, Color.WHITE);
    g.setColor(ElementsNames.shadea, Color.WHITE);
    g.setColor(ElementsNames.shadeb, Color.WHITE);
    List<Double> totals = new ArrayList<>();
    for (GraphKind.Series s : r.kind().series()) {
      totals.add(gauge ? Double.NaN : knownTotal(files.path(s.db(), r.hostKey()).toString(), s.ds(), r));
    }
    int labelWidth = 0;
    for (GraphKind.Series s : r.kind().series()) {
      labelWidth = Math.max(labelWidth, s.label().length());
    }
    int series = 0;
    for (GraphKind.Series s : r.kind().series()) {
      double total = totals.get(series++);
      String id = s.ds();
      String path = files.path(s.db(), r.hostKey()).toString();
      g.datasource(id, path, s.ds(), ConsolFun.AVERAGE);
      g.datasource("m" + id, path, s.ds(), ConsolFun.MAX);
      g.datasource("r" + id, gauge ? id + ",1,*" : id + ",60,*");
      g.datasource("rm" + id, gauge ? "m" + id + ",1,*" : "m" + id + ",60,*");
      g.datasource("avg_" + id, "r" + id, new Variable.AVERAGE());
      g.datasource("max_" + id, "rm" + id, new Variable.MAX());
      String label = String.format(Locale.ROOT, "%-" + labelWidth + "s", s.label());
      switch (s.style()) {
        case AREA -> g.area("r" + id, s.color(), label);
        case STACK -> g.stack("r" + id, s.color(), label);
        case LINE -> g.line("r" + id, s.color(), label, 2);
      }
      if (gauge) {
        g.datasource("last_" + id, "r" + id, new Variable.LAST());
        g.gprint("last_" + id, "last: %6.0f msgs  ");
        g.gprint("avg_" + id, "avg: %8.1f msgs  ");
        g.gprint("max_" + id, "max: %6.0f msgs\\l");
      } else {
        g.comment(Double.isNaN(total) ? "total:      nan msgs  "
            : String.format(Locale.ROOT, "total: %8.0f msgs  ", total));
        g.gprint("avg_" + id, "avg: %5.2f msgs/min");
        g.gprint("max_" + id, "max: %4.0f msgs/min\\l");
      }
      g.print("avg_" + id, "%.6f");
      g.print("max_" + id, "%.6f");
    }
    g.comment("[" + STAMP.format(Instant.ofEpochSecond(r.end()).atZone(zone)) + "]\\r");
    RrdGraphInfo info = new RrdGraph(g).getRrdGraphInfo();
    String[] printed = info.getPrintLines();
    List<LegendLine> legend = new ArrayList<>();
    int i = 0;
    for (GraphKind.Series s : r.kind().series()) {
      legend.add(new LegendLine(s.label(), totals.get(i / 2), number(printed[i]), number(printed[i + 1])));
      i += 2;
    }
    return new RenderedGraph(info.getBytes(), List.copyOf(legend));
  }

  private double knownTotal(String path, String ds, GraphRequest r) throws IOException {
    RrdDb db = pool.requestRrdDb(path);
    try {
      return KnownTotals.total(db, ds, r.start(), r.end());
    } finally {
      pool.release(db);
    }
  }

  private static double number(String printed) {
    try {
      return Double.parseDouble(printed.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
