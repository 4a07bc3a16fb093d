package net.mailstat.count;

import java.util.Arrays;
import java.util.StringJoiner;

/** An immutable set of cumulative counts, one per {@link Category}. Safe to share across threads. */
public final class CounterSnapshot {
  private static final CounterSnapshot ZERO = new CounterSnapshot(new long[Category.all().size()]);

  private final long[] values;

  private CounterSnapshot(long[] values) {
    this.values = values;
  }

  public static CounterSnapshot zero() {
    return ZERO;
  }

  /** Takes a copy of {@code values}, which must hold one count per category in enum order. */
  public static CounterSnapshot of(long[] values) {
    if (values.length != Category.all().size()) {
      throw new IllegalArgumentException("expected " + Category.all().size() + " counts");
    }
    return new CounterSnapshot(values.clone());
  }

  public long get(Category category) {
    return values[category.ordinal()];
  }

  public CounterSnapshot with(Category category, long value) {
    long[] copy = values.clone();
    copy[category.ordinal()] = value;
    return new CounterSnapshot(copy);
  }

  /** The sum per category, saturating at {@link Long#MAX_VALUE}. */
  public CounterSnapshot plus(CounterSnapshot other) {
    long[] sum = values.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] = Saturating.add(sum[i], other.values[i]);
    }
    return new CounterSnapshot(sum);
  }

  public long[] toArray() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CounterSnapshot other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(" ");
    for (Category c : Category.all()) {
      joiner.add(c.key() + ":" + values[c.ordinal()]);
    }
    return joiner.toString();
  }
}
