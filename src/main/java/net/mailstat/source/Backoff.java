package net.mailstat.source;

/**
 * Pauses between retries of something that keeps failing (an {@code accept()} out of descriptors,
 * a socket that errs, a receiver to bind again): the pause doubles from {@code firstMillis} up to
 * {@code maxMillis} with each failure in a row and starts again from the first after a success.
 * Pure: the caller passes the time, so tests need no clock. Owned by one thread.
 */
public final class Backoff {
  private final long firstMillis;
  private final long maxMillis;
  private long nextMillis;
  private long resumeAtMillis = Long.MIN_VALUE;
  private long failures;

  public Backoff(long firstMillis, long maxMillis) {
    if (firstMillis < 1 || maxMillis < firstMillis) {
      throw new IllegalArgumentException("pauses must be at least 1 ms and the first at most the longest");
    }
    this.firstMillis = firstMillis;
    this.maxMillis = maxMillis;
    this.nextMillis = firstMillis;
  }

  /** One more failure at {@code nowMillis}: returns how long to pause, and pauses until then. */
  public long failed(long nowMillis) {
    long pause = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    failures++;
    resumeAtMillis = nowMillis + pause;
    return pause;
  }

  /** It worked: returns the failures in a row that came before (0: it was not failing). */
  public long succeeded() {
    long before = failures;
    failures = 0;
    nextMillis = firstMillis;
    resumeAtMillis = Long.MIN_VALUE;
    return before;
  }

  /** Whether the pause after the last failure still lasts at {@code nowMillis}. */
  public boolean pausing(long nowMillis) {
    return nowMillis < resumeAtMillis;
  }

  /** Milliseconds of pause left at {@code nowMillis} (0: none). */
  public long remaining(long nowMillis) {
    return pausing(nowMillis) ? resumeAtMillis - nowMillis : 0;
  }

  /** Failures in a row so far. */
  public long failures() {
    return failures;
  }
}
