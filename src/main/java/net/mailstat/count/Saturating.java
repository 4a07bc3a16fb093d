package net.mailstat.count;

/**
 * Arithmetic for counts that only grow: a sum or product beyond {@link Long#MAX_VALUE} stays at
 * {@link Long#MAX_VALUE} instead of wrapping negative. A wrapped counter would make every file
 * holding it look damaged; a saturated one is merely stuck at the ceiling (docs/formats.md).
 */
public final class Saturating {
  private Saturating() {}

  /**
   * {@code a + b} for non-negative {@code a}, at most {@link Long#MAX_VALUE}; a negative {@code b}
   * adds nothing, so a count never goes down.
   */
  public static long add(long a, long b) {
    if (b <= 0) {
      return a;
    }
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** {@code a * b} for non-negative {@code a} and {@code b}, at most {@link Long#MAX_VALUE}. */
  public static long multiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }
}
