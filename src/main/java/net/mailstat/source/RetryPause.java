package net.mailstat.source;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a receiver's selector loop does when an {@code accept()} or a receive fails (out of file
 * descriptors, out of kernel buffers): the key's interest is switched off for a {@link Backoff}
 * pause, so the loop neither spins on a socket that stays ready nor ends, and switched on again
 * after it. The first failure in a row is logged, and the recovery; the count is in
 * {@link SyslogCounters}. Owned by the receiver's thread.
 */
final class RetryPause {
  private static final Logger log = LoggerFactory.getLogger(RetryPause.class);
  static final long FIRST_MILLIS = 50;
  static final long MAX_MILLIS = 5_000;

  private final SelectionKey key;
  private final int interest;
  private final String what;
  private final Runnable counted;
  private final LongSupplier clock;
  private final Backoff backoff = new Backoff(FIRST_MILLIS, MAX_MILLIS);

  /** {@code what}: e.g. "accepting on tcp:127.0.0.1:514"; {@code counted} counts each failure. */
  RetryPause(SelectionKey key, String what, Runnable counted, LongSupplier clock) {
    this.key = key;
    this.interest = key.interestOps();
    this.what = what;
    this.counted = counted;
    this.clock = clock;
  }

  void failed(IOException e) {
    counted.run();
    long pause = backoff.failed(clock.getAsLong());
    key.interestOps(0);
    if (backoff.failures() == 1) {
      log.warn("{} failed ({}); trying again in {} ms, then in pauses doubling up to {} ms", what, e.getMessage(),
          pause, MAX_MILLIS);
    }
  }

  void succeeded() {
    long failures = backoff.succeeded();
    if (failures > 0) {
      log.info("{} works again after {} failed attempt(s)", what, failures);
    }
  }

  /** Whether the key's interest is off for a pause (resumed by {@link #resumeIfDue()}). */
  boolean paused() {
    return key.interestOps() == 0;
  }

  /** Switches the interest on again once the pause is over; call before each select. */
  void resumeIfDue() {
    if (key.interestOps() == 0 && !backoff.pausing(clock.getAsLong())) {
      key.interestOps(interest);
    }
  }

  /** The select timeout to use instead of {@code wanted} (0: none) so the loop wakes when the pause ends. */
  long selectMillis(long wanted) {
    long pause = backoff.remaining(clock.getAsLong());
    if (pause == 0) {
      return wanted;
    }
    return wanted == 0 ? pause : Math.min(wanted, pause);
  }
}
