package net.mailstat.classify;

import org.slf4j.Logger;

/**
 * A warning logged at most once a minute, so that a sender who can write log lines cannot flood
 * mailstat's own log; the next warning says how many were left out.
 */
final class RateLimitedWarning {
  private static final long INTERVAL_NANOS = 60_000_000_000L;

  private final Logger log;
  private long lastNanos;
  private boolean warned;
  private long suppressed;

  RateLimitedWarning(Logger log) {
    this.log = log;
  }

  void warn(String format, Object... args) {
    long now = System.nanoTime();
    if (warned && now - lastNanos < INTERVAL_NANOS) {
      suppressed++;
      return;
    }
    String message = suppressed == 0 ? format : format + " (and " + suppressed + " more such lines in the last minute)";
    log.warn(message, args);
    warned = true;
    lastNanos = now;
    suppressed = 0;
  }
}
