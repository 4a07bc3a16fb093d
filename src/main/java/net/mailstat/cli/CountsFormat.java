package net.mailstat.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.json.Json;
import net.mailstat.state.StatLine;

/** How commands print a set of counts: a table for people, JSON, or the stat-file line. */
enum CountsFormat {
  table,
  json,
  mailstat;

  void print(PrintWriter out, CounterSnapshot counts, Map<String, Long> extra) {
    switch (this) {
      case table -> {
        for (Category c : Category.all()) {
          out.printf("%-12s %12d%n", c.key(), counts.get(c));
        }
        extra.forEach((k, v) -> out.printf("%-12s %12d%n", k, v));
      }
      case json -> {
        Map<String, Long> all = new LinkedHashMap<>();
        for (Category c : Category.all()) {
          all.put(c.key(), counts.get(c));
        }
        all.putAll(extra);
        Json json = new Json().beginObject();
        all.forEach(json::field);
        out.println(json.endObject());
      }
      case mailstat -> out.println(StatLine.format(counts, extra));
    }
    out.flush();
  }
}
