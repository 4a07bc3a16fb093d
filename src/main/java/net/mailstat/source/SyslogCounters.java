package net.mailstat.source;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a syslog listener has received and refused, and how often its socket failed. Written by
 * the listener's threads, read from any thread.
 */
public final class SyslogCounters {
  /** A consistent-enough copy of the counters. */
  public record Snapshot(long frames, long dropped, long overlong, long truncated, long connectionsOpen,
      long connectionsAccepted, long connectionsEvicted, long acceptFailures, long receiveFailures,
      long restarts) {}

  private final LongAdder frames = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder overlong = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final AtomicLong connectionsOpen = new AtomicLong();
  private final LongAdder connectionsAccepted = new LongAdder();
  private final LongAdder connectionsEvicted = new LongAdder();
  private final LongAdder acceptFailures = new LongAdder();
  private final LongAdder receiveFailures = new LongAdder();
  private final LongAdder restarts = new LongAdder();

  public Snapshot snapshot() {
    return new Snapshot(frames.sum(), dropped.sum(), overlong.sum(), truncated.sum(), connectionsOpen.get(),
        connectionsAccepted.sum(), connectionsEvicted.sum(), acceptFailures.sum(), receiveFailures.sum(),
        restarts.sum());
  }

  void frame() {
    frames.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void overlong() {
    overlong.increment();
  }

  void truncated() {
    truncated.increment();
  }

  void opened() {
    connectionsAccepted.increment();
    connectionsOpen.incrementAndGet();
  }

  void closed() {
    connectionsOpen.decrementAndGet();
  }

  void evicted() {
    connectionsEvicted.increment();
  }

  /** An {@code accept()} failed (e.g. no file descriptor left); accepting pauses and is retried. */
  void acceptFailed() {
    acceptFailures.increment();
  }

  /** A receive failed; receiving pauses and is retried. */
  void receiveFailed() {
    receiveFailures.increment();
  }

  /** The receiver died and a new one was bound. */
  void restarted() {
    restarts.increment();
  }
}
