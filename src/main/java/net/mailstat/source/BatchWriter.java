package net.mailstat.source;

import net.mailstat.line.BatchPipe;
import net.mailstat.line.LineSink;

/**
 * The network side of a receiver's {@link BatchPipe}: packs frames into batches and hands them
 * over. When every batch is in use, a blocking writer (TCP) waits for one, which stops the reading
 * and so pushes back on the senders; a dropping writer (UDP) drops the frame and counts it.
 */
final class BatchWriter implements LineSink {
  private final BatchPipe<FrameBatch> pipe;
  private final SyslogCounters counters;
  private final boolean dropWhenFull;
  private FrameBatch current;

  BatchWriter(BatchPipe<FrameBatch> pipe, SyslogCounters counters, boolean dropWhenFull) {
    this.pipe = pipe;
    this.counters = counters;
    this.dropWhenFull = dropWhenFull;
  }

  @Override
  public void line(byte[] buf, int start, int end) {
    if (current != null && !current.add(buf, start, end - start)) {
      flush();
    }
    if (current == null) {
      if (!acquire()) {
        counters.dropped();
        return;
      }
      current.add(buf, start, end - start);
    }
    counters.frame();
  }

  @Override
  public void overlongLine() {
    counters.overlong();
    if (current != null || acquire()) {
      current.overlong();
    }
  }

  /**
   * Hands the batch over if the counting thread is waiting for one; while it is busy, frames keep
   * gathering in the batch, so a steady trickle does not use up the pool one frame per batch.
   */
  void flushIfIdle() {
    if (pipe.isEmpty()) {
      flush();
    }
  }

  /**
   * One select round has been read ({@code ready} keys were ready): a quiet round hands the batch
   * over, a busy one only if the counting thread waits.
   */
  void roundDone(int ready) {
    if (ready == 0) {
      flush();
    } else {
      flushIfIdle();
    }
  }

  /** Whether frames are held that the counting thread has not got yet. */
  boolean holding() {
    return current != null && !current.isEmpty();
  }

  /** Hands the batch being filled to the counting thread, if it holds anything. */
  void flush() {
    if (current != null && !current.isEmpty()) {
      pipe.put(current);
      current = null;
    }
  }

  /** A free batch into {@code current}: waiting for one, or (dropping) only if one is free now. */
  private boolean acquire() {
    if (dropWhenFull) {
      current = pipe.pollFree();
      return current != null;
    }
    try {
      current = pipe.takeFree();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return current != null;
  }
}
