package net.mailstat.check;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.mailstat.count.Category;

/**
 * Per-minute rates between two samples, or why there are none: a first run (no earlier sample)
 * or a counter that went down (the stat file was reset or replaced), which check_mailstat.pl
 * silently turned into a rate of 0.
 */
public sealed interface Rates {
  record PerMinute(Map<Category, Double> rates, long seconds) implements Rates {}

  record FirstRun() implements Rates {}

  record Reset(Category counter, long from, long to) implements Rates {}

  static Rates between(Optional<Sample> earlier, Sample now) {
    if (earlier.isEmpty()) {
      return new FirstRun();
    }
    Sample before = earlier.get();
    for (Category c : Category.all()) {
      if (now.counts().get(c) < before.counts().get(c)) {
        return new Reset(c, before.counts().get(c), now.counts().get(c));
      }
    }
    long millis = Math.max(1, now.epochMillis() - before.epochMillis());
    Map<Category, Double> rates = new EnumMap<>(Category.class);
    for (Category c : Thresholds.COUNTERS) {
      rates.put(c, (now.counts().get(c) - before.counts().get(c)) * 60_000.0 / millis);
    }
    return new PerMinute(rates, millis / 1000);
  }

  /** The counters a rate is reported for. */
  static List<Category> counters() {
    return Thresholds.COUNTERS;
  }
}
