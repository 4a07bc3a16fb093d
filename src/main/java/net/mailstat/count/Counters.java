package net.mailstat.count;

/**
 * Mutable running counts, owned by exactly one thread (the one classifying lines). Other threads
 * see them only through {@link #snapshot()}.
 */
public final class Counters {
  private final long[] values = new long[Category.all().size()];

  public Counters() {}

  public Counters(CounterSnapshot start) {
    for (Category c : Category.all()) {
      values[c.ordinal()] = start.get(c);
    }
  }

  /** Adds {@code n} (non-negative); a count that would pass {@link Long#MAX_VALUE} stays there. */
  public void add(Category category, long n) {
    int i = category.ordinal();
    values[i] = Saturating.add(values[i], n);
  }

  public long get(Category category) {
    return values[category.ordinal()];
  }

  public CounterSnapshot snapshot() {
    return CounterSnapshot.of(values);
  }
}
