package net.mailstat.source;

import java.util.function.LongSupplier;

/**
 * How far reading history before following has got, reported to the listener at most every
 * {@link #EVERY_NANOS} and once at the end; a catch-up without a total (a resume) is not reported.
 */
final class CatchUpProgress {
  static final long EVERY_NANOS = 200_000_000L;

  private final FollowListener listener;
  private final LongSupplier nanoTime;
  private long total;
  /** Bytes of the parts read to their end. */
  private long done;
  private long lastReport;

  CatchUpProgress(FollowListener listener, LongSupplier nanoTime) {
    this.listener = listener;
    this.nanoTime = nanoTime;
  }

  void start(long totalBytes) {
    total = totalBytes;
  }

  /** {@code inPart} bytes of the part being read now are done. */
  void reading(long inPart) {
    long now = nanoTime.getAsLong();
    if (total > 0 && now - lastReport > EVERY_NANOS) {
      lastReport = now;
      listener.catchUpProgress(Math.min(done + inPart, total), total);
    }
  }

  /** A part of {@code bytes} was read to its end. */
  void partDone(long bytes) {
    done += bytes;
  }

  /** Caught up: the last report, {@code done == total}; nothing is reported after it. */
  void finish() {
    if (total > 0) {
      listener.catchUpProgress(total, total);
      total = 0;
    }
  }
}
