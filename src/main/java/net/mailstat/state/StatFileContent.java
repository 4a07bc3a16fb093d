package net.mailstat.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;

/**
 * What a stat file holds: its first line as written, and that line's fields; with {@code hosts}
 * and {@code details}, what its side files {@code .hosts} and {@code .details} hold (docs/formats.md,
 * docs/details.md; empty if not read). Immutable: a counting process publishes the content of each
 * commit as one of these ({@link Published}), and its exporters read nothing else.
 */
public record StatFileContent(String line, Map<String, Long> fields, Map<String, CounterSnapshot> hosts,
    Map<DetailKey, Long> details) {
  public StatFileContent {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    hosts = Collections.unmodifiableMap(new TreeMap<>(hosts));
    details = Collections.unmodifiableMap(new TreeMap<>(details));
  }

  public StatFileContent(String line, Map<String, Long> fields) {
    this(line, fields, Map.of(), Map.of());
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

  /** This content with the side files' rows. */
  StatFileContent withSideFiles(Map<String, CounterSnapshot> hostRows, Map<DetailKey, Long> detailRows) {
    return new StatFileContent(line, fields, hostRows, detailRows);
  }
}
