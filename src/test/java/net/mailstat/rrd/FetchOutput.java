package net.mailstat.rrd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text of {@code rrdtool fetch} (or {@code mailstat rrd fetch}) read back as numbers. */
record FetchOutput(List<String> names, Map<Long, double[]> rows) {
  static FetchOutput parse(String text) {
    String[] lines = text.split("\n");
    List<String> names = new ArrayList<>(Arrays.asList(lines[0].trim().split("\\s+")));
    Map<Long, double[]> rows = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      String[] cells = line.substring(colon + 1).trim().split("\\s+");
      double[] values = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        values[c] = cells[c].endsWith("nan") ? Double.NaN : Double.parseDouble(cells[c]);
      }
      rows.put(Long.parseLong(line.substring(0, colon)), values);
    }
    return new FetchOutput(names, rows);
  }

  /** Rows that have at least one known value. */
  long knownRows() {
    return rows.values().stream().filter(v -> Arrays.stream(v).anyMatch(d -> !Double.isNaN(d))).count();
  }
}
