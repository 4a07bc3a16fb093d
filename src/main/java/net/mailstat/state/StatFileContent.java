package net.mailstat.state;

import java.util.LinkedHashMap;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;

/** What a stat file holds: its first line as written, and that line's fields. */
public record StatFileContent(String line, Map<String, Long> fields) {
  public StatFileContent {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
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
