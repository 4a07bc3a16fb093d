package net.mailstat.count;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counts only grow and stop at 2^63-1; they never wrap negative. */
class SaturationTest {
  private static final long MAX = Long.MAX_VALUE;

  @Test
  void aCounterAtTheCeilingStaysThere() {
    Counters counters = new Counters(CounterSnapshot.zero().with(Category.SPAM, MAX - 5));
    counters.add(Category.SPAM, 4);
    assertThat(counters.get(Category.SPAM)).isEqualTo(MAX - 1);
    counters.add(Category.SPAM, 999_999_999_999L);
    assertThat(counters.get(Category.SPAM)).isEqualTo(MAX);
    counters.add(Category.SPAM, MAX);
    assertThat(counters.get(Category.SPAM)).isEqualTo(MAX);
  }

  @Test
  void aNegativeIncrementNeverLowersACounter() {
    Counters counters = new Counters();
    counters.add(Category.SENT, 7);
    counters.add(Category.SENT, -3);
    counters.add(Category.SENT, Long.MIN_VALUE);
    assertThat(counters.get(Category.SENT)).isEqualTo(7);
  }

  @Test
  void snapshotSumsSaturatePerCategory() {
    CounterSnapshot big = CounterSnapshot.zero().with(Category.SENT, MAX - 1).with(Category.RECEIVED, 10);
    CounterSnapshot sum = big.plus(big);
    assertThat(sum.get(Category.SENT)).isEqualTo(MAX);
    assertThat(sum.get(Category.RECEIVED)).isEqualTo(20);
  }

  @Test
  void lineCountSumsSaturate() {
    LineCounts sum = new LineCounts(MAX, MAX - 1, 3).plus(new LineCounts(1, 1, 4));
    assertThat(sum).isEqualTo(new LineCounts(MAX, MAX, 7));
  }

  @Test
  void productsSaturate() {
    assertThat(Saturating.multiply(999_999_999L, 999_999_999L)).isEqualTo(999_999_998_000_000_001L);
    assertThat(Saturating.multiply(3_037_000_500L, 3_037_000_500L)).isEqualTo(MAX);
    assertThat(Saturating.multiply(MAX, 2)).isEqualTo(MAX);
    assertThat(Saturating.multiply(0, MAX)).isZero();
  }
}
