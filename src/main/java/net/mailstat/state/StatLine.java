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

  /**
   * Parsed fields in file order; throws {@link IllegalArgumentException} on any malformed field.
   * A value out of range (more than 2^63-1, or negative: an older version's wrapped sum) reads as
   * {@link Long#MAX_VALUE}, the ceiling at which counts saturate: reading a file never lowers a
   * counter.
   */
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
      if (fields.put(key, value(field, field.substring(colon + 1))) != null) {
        throw new IllegalArgumentException("field '" + key + "' appears twice");
      }
    }
    return fields;
  }

  private static long value(String field, String number) {
    int digitsFrom = number.charAt(0) == '-' ? 1 : 0;
    if (digitsFrom == number.length() || !number.substring(digitsFrom).chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("field '" + field + "' is not key:number");
    }
    if (digitsFrom == 1) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
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
