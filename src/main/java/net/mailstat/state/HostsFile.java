package net.mailstat.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.mailstat.count.CounterSnapshot;

/**
 * The per-host side file {@code STATFILE.hosts}: one line per syslog host,
 * {@code HOST sent:N received:N ...} in the stat-line field syntax, sorted by host.
 */
public final class HostsFile {
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private HostsFile() {}

  public static Map<String, Map<String, Long>> read(Path file) throws IOException {
    Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
    Optional<String> read = TrustedFiles.readString(file, MAX_BYTES);
    if (read.isEmpty()) {
      return rows;
    }
    String text = read.get();
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        rows.put(line.substring(0, space), StatLine.parseFields(line.substring(space + 1)));
      } catch (IllegalArgumentException e) {
        // A damaged row is dropped; its owner rewrites it from its checkpoint on the next commit.
      }
    }
    return rows;
  }

  public static Map<String, CounterSnapshot> readCounts(Path file) throws IOException {
    return counts(read(file));
  }

  /** The category counts of each row. */
  static Map<String, CounterSnapshot> counts(Map<String, Map<String, Long>> rows) {
    Map<String, CounterSnapshot> out = new LinkedHashMap<>();
    rows.forEach((h, f) -> out.put(h, StatLine.counts(f)));
    return out;
  }

  static String format(Map<String, Map<String, Long>> rows) {
    StringBuilder sb = new StringBuilder();
    rows.forEach((host, fields) -> {
      sb.append(host);
      fields.forEach((k, v) -> sb.append(' ').append(k).append(':').append(v));
      sb.append('\n');
    });
    return sb.toString();
  }
}
