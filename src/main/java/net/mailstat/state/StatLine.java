package net.mailstat.state;

import java.util.LinkedHashMap;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;

/**
 * The stat-file line: {@code sent:N received:N bounced:N rejected:N virus:N spam:N} (the format
 * of the classic mailgraph patch that check_mailstat.pl and Cacti scripts read), then
 * {@code delivered:N greylisted:N delayed:N}, then any further {@code key:N} fields. See
 * docs/formats.md.
 */
public final class StatLine {
  private StatLine() {}

  public static String format(CounterSnapshot counts, Map<String, Long> extra) {
    StringBuilder sb = new StringBuilder(160);
    for (Category c : Category.all()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(c.key()).append(':').append(counts.get(c));
    }
    extra.forEach((k, v) -> sb.append(' ').append(k).append(':').append(v));
    return sb.toString();
  }

  /** Parsed fields in file order; throws {@link IllegalArgumentException} on any malformed field. */
  public static Map<String, Long> parseFields(String line) {
    Map<String, Long> fields = new LinkedHashMap<>();
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("empty stat line");
    }
    for (String field : trimmed.split("\\s+")) {
      int colon = field.indexOf(':');
      if (colon <= 0 || colon == field.length() - 1) {
        throw new IllegalArgumentException("field '" + field + "' is not key:number");
      }
      String key = field.substring(0, colon);
      long value;
      try {
        value = Long.parseLong(field.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("field '" + field + "' is not key:number");
      }
      if (value < 0) {
        throw new IllegalArgumentException("field '" + field + "' is negative");
      }
      if (fields.put(key, value) != null) {
        throw new IllegalArgumentException("field '" + key + "' appears twice");
      }
    }
    return fields;
  }

  /** The category counts in {@code fields}; a missing category reads as 0. */
  public static CounterSnapshot counts(Map<String, Long> fields) {
    long[] values = new long[Category.all().size()];
    for (Category c : Category.all()) {
      values[c.ordinal()] = fields.getOrDefault(c.key(), 0L);
    }
    return CounterSnapshot.of(values);
  }
}
