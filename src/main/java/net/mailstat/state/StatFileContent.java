package net.mailstat.state;

import java.util.LinkedHashMap;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;

/**
 * What a stat file holds: its first line as written, and that line's fields; with
 * {@code details}, what its side file {@code .details} holds (docs/details.md; empty if not read).
 */
public record StatFileContent(String line, Map<String, Long> fields, Map<DetailKey, Long> details) {
  public StatFileContent {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    details = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(details));
  }

  public StatFileContent(String line, Map<String, Long> fields) {
    this(line, fields, Map.of());
  }

  public CounterSnapshot counts() {
    return StatLine.counts(fields);
  }

  /** Fields that are not categories ({@code lines}, {@code unparsed}, ...). */
  public Map<String, Long> extras() {
    Map<String, Long> extra = new LinkedHashMap<>(fields);
    for (Category c : Category.all()) {
      extra.remove(c.key());
    }
    return extra;
  }
}
