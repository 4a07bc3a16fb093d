package net.mailstat.check;

import java.util.List;
import java.util.regex.Pattern;
import net.mailstat.count.Category;

/**
 * check_mailstat.pl's thresholds: {@code sent:received:bounced:rejected:virus:spam}, each a
 * rate in messages per minute that must not be exceeded, 0 meaning no limit.
 */
public record Thresholds(List<Double> perMinute) {
  /** The counters the thresholds are for, in their order. */
  public static final List<Category> COUNTERS = List.of(Category.SENT, Category.RECEIVED, Category.BOUNCED,
      Category.REJECTED, Category.VIRUS, Category.SPAM);
  public static final Thresholds NONE = new Thresholds(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,6})?");

  public Thresholds {
    perMinute = List.copyOf(perMinute);
    if (perMinute.size() != COUNTERS.size()) {
      throw new IllegalArgumentException("six thresholds are needed");
    }
  }

  /** Parses {@code 300:500:0:0:10:100}; the message of a refusal says what is expected. */
  public static Thresholds parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != COUNTERS.size()) {
      throw new IllegalArgumentException("'" + text + "' is not sent:received:bounced:rejected:virus:spam"
          + " (six per-minute rates, 0 for no limit)" + (parts.length == 1 ? "; the stat file's age is"
          + " --warning-age/--critical-age" : ""));
    }
    Double[] values = new Double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!NUMBER.matcher(parts[i]).matches()) {
        throw new IllegalArgumentException("'" + parts[i] + "' in '" + text + "' is not a rate (a number >= 0)");
      }
      values[i] = Double.parseDouble(parts[i]);
    }
    return new Thresholds(List.of(values));
  }

  /** The limit for {@code category} (0: none). */
  public double limit(Category category) {
    int i = COUNTERS.indexOf(category);
    return i < 0 ? 0 : perMinute.get(i);
  }

  /** The first counter whose rate exceeds its limit, or null. */
  public Category exceeded(java.util.Map<Category, Double> ratesPerMinute) {
    for (Category c : COUNTERS) {
      double limit = limit(c);
      Double rate = ratesPerMinute.get(c);
      if (limit > 0 && rate != null && rate > limit) {
        return c;
      }
    }
    return null;
  }
}
