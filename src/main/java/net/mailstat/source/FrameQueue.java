package net.mailstat.source;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of {@link FrameBatch}es circulating between one network thread (fills) and the
 * counting thread (delivers): memory is bounded by the pool, and an empty pool is the signal for
 * the network side to stop reading (TCP) or drop (UDP).
 */
final class FrameQueue {
  private final BlockingQueue<FrameBatch> free;
  private final BlockingQueue<FrameBatch> full;

  FrameQueue(int batches) {
    free = new ArrayBlockingQueue<>(batches);
    full = new ArrayBlockingQueue<>(batches);
    for (int i = 0; i < batches; i++) {
      free.add(new FrameBatch());
    }
  }

  /** An empty batch, or null if all are in use. */
  FrameBatch tryTakeFree() {
    return free.poll();
  }

  /** An empty batch, waiting up to {@code millis}; null if none became free. */
  FrameBatch takeFree(long millis) throws InterruptedException {
    return free.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Hands a filled batch to the counting thread; never blocks (the pool bounds the count). */
  void publish(FrameBatch batch) {
    full.add(batch);
  }

  /** Whether no filled batch is waiting (the counting thread has caught up). */
  boolean consumerIdle() {
    return full.isEmpty();
  }

  /** The next filled batch, waiting up to {@code millis}; null if none arrived. */
  FrameBatch takeFull(long millis) throws InterruptedException {
    return full.poll(millis, TimeUnit.MILLISECONDS);
  }

  FrameBatch pollFull() {
    return full.poll();
  }

  void recycle(FrameBatch batch) {
    batch.clear();
    free.add(batch);
  }
}
