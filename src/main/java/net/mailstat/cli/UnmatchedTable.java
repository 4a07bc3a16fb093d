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
      out.printf("%10s  %s%n", (s.overCount() > 0 ? "~" : "") + s.count(), s.shape());
      out.printf("%10s  e.g. %s%n", "", s.example());
    }
    out.flush();
  }
}
