package net.mailstat.rrd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database in rrdtool's own format, kept through the rrdtool program: the files mailgraph made
 * (and mailgraph.cgi and Cacti read) stay rrdtool files, and go on from their last update.
 */
final class RrdtoolStore implements RrdStore {
  private static final Pattern DS_INDEX = Pattern.compile("ds\\[([^\\]]+)\\]\\.index = (\\d+)");
  private static final Pattern LAST_UPDATE = Pattern.compile("last_update = (\\d+)");

  private final RrdtoolPipe rrdtool;
  private final String path;
  private final String[] dsNames;
  private long lastUpdate;

  private RrdtoolStore(RrdtoolPipe rrdtool, String path, String[] dsNames, long lastUpdate) {
    this.rrdtool = rrdtool;
    this.path = path;
    this.dsNames = dsNames;
    this.lastUpdate = lastUpdate;
  }

  /** An existing rrdtool file. */
  static RrdtoolStore open(RrdtoolPipe rrdtool, Path file) throws IOException {
    String path = file.toString();
    Map<Integer, String> names = new TreeMap<>();
    long last = -1;
    for (String line : rrdtool.run("info", path)) {
      Matcher ds = DS_INDEX.matcher(line);
      if (ds.matches()) {
        names.put(Integer.parseInt(ds.group(2)), ds.group(1));
      }
      Matcher lu = LAST_UPDATE.matcher(line);
      if (lu.matches()) {
        last = Long.parseLong(lu.group(1));
      }
    }
    if (names.isEmpty() || last < 0) {
      throw new IOException(file + ": rrdtool info shows no data sources or last update");
    }
    return new RrdtoolStore(rrdtool, path, names.values().toArray(String[]::new), last);
  }

  /**
   * A new file with mailgraph 1.14's own definition (its data sources, 60 s step, ABSOLUTE,
   * heartbeat 120 s, AVERAGE and MAX archives of 198 rows), starting at {@code start}.
   */
  static RrdtoolStore create(RrdtoolPipe rrdtool, Path file, Database db, long start) throws IOException {
    List<String> words = new ArrayList<>(List.of("create", file.toString(), "--start", Long.toString(start),
        "--step", Long.toString(Database.STEP)));
    List<String> names = new ArrayList<>();
    for (Database.Source s : db.mailgraphSources()) {
      words.add("DS:" + s.name() + ":ABSOLUTE:" + Database.HEARTBEAT + ":0:U");
      names.add(s.name());
    }
    for (String cf : List.of("AVERAGE", "MAX")) {
      for (int steps : Database.STEPS_PER_ROW) {
        words.add("RRA:" + cf + ":0.5:" + steps + ":" + Database.ROWS);
      }
    }
    rrdtool.run(words.toArray(String[]::new));
    return new RrdtoolStore(rrdtool, file.toString(), names.toArray(String[]::new), start);
  }

  @Override
  public long lastUpdate() {
    return lastUpdate;
  }

  @Override
  public String[] dsNames() {
    return dsNames.clone();
  }

  @Override
  public void update(long time, double[] values) throws IOException {
    StringBuilder sample = new StringBuilder().append(time);
    for (double v : values) {
      sample.append(':');
      if (Double.isNaN(v)) {
        sample.append('U');
      } else {
        sample.append((long) v);
      }
    }
    rrdtool.run("update", path, sample.toString());
    lastUpdate = time;
  }

  @Override
  public void release() {
    // rrdtool opens the file for each command; nothing is held between them.
  }
}
