package net.mailstat.cli;

import java.io.PrintWriter;
import java.util.List;
import net.mailstat.classify.UnmatchedShapes.Shape;
import net.mailstat.json.Json;

/** {@code parse --unmatched}: the most frequent shapes of mail lines no rule matched. */
final class UnmatchedTable {
  private UnmatchedTable() {}

  static void print(PrintWriter out, boolean json, long unmatchedLines, List<Shape> shapes) {
    if (json) {
      Json j = new Json().beginObject().field("unmatched_lines", unmatchedLines).name("unmatched").beginArray();
      for (Shape s : shapes) {
        j.beginObject().field("count", s.count()).field("over_count", s.overCount()).field("shape", s.shape())
            .field("example", s.example()).endObject();
      }
      out.println(j.endArray().endObject());
      out.flush();
      return;
    }
    out.println();
    out.println(unmatchedLines + " mail lines no rule matched" + (shapes.isEmpty() ? "." : "; the most frequent shapes:"));
    for (Shape s : shapes) {
      row(out, "", s.count(), s.overCount(), s.shape(), s.example());
    }
    out.flush();
  }

  /** One shape: its count ({@code ~} when it may be over-counted), the shape, and its example below. */
  static void row(PrintWriter out, String indent, long count, long overCount, String shape, String example) {
    out.printf("%s%10s  %s%n", indent, (overCount > 0 ? "~" : "") + count, shape);
    out.printf("%s%10s  e.g. %s%n", indent, "", example);
  }
}
