package net.mailstat.line;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The hand-off between two threads: a fixed pool of reusable batches circulates from one
 * producer, which takes a free batch, fills it and puts it, to one consumer, which takes it,
 * empties it and recycles it. Memory is bounded by the pool, and nothing is allocated per batch.
 * A producer that finds every batch in use either waits for one ({@link #takeFree}: a reader is
 * slowed to the consumer's pace, a TCP receiver stops reading) or learns it at once
 * ({@link #pollFree}: a UDP receiver drops).
 *
 * <p>End and failure travel behind the batches, in order: after {@link #end}, the consumer takes
 * every batch put before it, then {@link #take} returns null; after {@link #fail}, the same, then
 * {@link #take} throws {@link ProducerFailed} with the producer's exception as its cause. Either
 * happens once; a later {@code end} or {@code fail} is ignored, a later {@code put} is a bug.
 *
 * <p>Closing is the consumer's side: {@link #close} says it takes no more (it is done, or gave up
 * because its own work failed). From then on every producer call throws {@link Closed}, waking a
 * producer that waits for a free batch, so the producer ends at its next batch; {@code end} and
 * {@code fail} are ignored and the batches in the pipe are dropped. A thread waiting in the pipe
 * that is interrupted throws {@link InterruptedException}, as with a {@code BlockingQueue}.
 */
public final class BatchPipe<B> {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition filled = lock.newCondition();
  private final Condition freed = lock.newCondition();
  private final ArrayDeque<B> free;
  private final ArrayDeque<B> full;
  private final int batches;
  private boolean ended;
  private Throwable failure;
  private boolean closed;

  /** A pipe of {@code batches} batches made by {@code newBatch}. */
  public BatchPipe(int batches, Supplier<B> newBatch) {
    if (batches < 1) {
      throw new IllegalArgumentException("at least one batch");
    }
    this.batches = batches;
    free = new ArrayDeque<>(batches);
    full = new ArrayDeque<>(batches);
    for (int i = 0; i < batches; i++) {
      free.add(newBatch.get());
    }
  }

  /** What a producer thread runs: it puts batches and returns, or throws why it could not. */
  @FunctionalInterface
  public interface Producer {
    void run() throws Exception;
  }

  /**
   * Runs {@code producer} on a new daemon thread named {@code name}: its return ends the pipe,
   * anything it throws (an {@code Error} too) fails it; after {@link #close} it just ends.
   */
  public Thread startProducer(String name, Producer producer) {
    Thread thread = new Thread(() -> {
      try {
        producer.run();
        end();
      } catch (Throwable t) { // carried to the consumer, which rethrows it on its own thread
        fail(t);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A free batch, waiting until the consumer recycles one. */
  public B takeFree() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (free.isEmpty() && !closed) {
        freed.await();
      }
      checkOpen();
      return free.poll();
    } finally {
      lock.unlock();
    }
  }

  /** A free batch, or null if every batch is in use. */
  public B pollFree() {
    lock.lock();
    try {
      checkOpen();
      return free.poll();
    } finally {
      lock.unlock();
    }
  }

  /** Hands a filled batch to the consumer; never waits (the pool bounds how many there are). */
  public void put(B batch) {
    lock.lock();
    try {
      checkOpen();
      if (ended) {
        throw new IllegalStateException("put after the end of the pipe");
      }
      add(full, filled, batch, "put");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts {@code filled} and takes a free batch, waiting for one: the producer's step from batch to
   * batch, made from inside callbacks that cannot throw checked exceptions (a {@link LineSink}),
   * so an interrupt while waiting is thrown as an {@code IllegalStateException} (the thread's
   * interrupt flag set again), which fails the pipe.
   */
  public B next(B filled) {
    put(filled);
    try {
      return takeFree();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free batch", e);
    }
  }

  /** The producer has put its last batch. */
  public void end() {
    finish(null);
  }

  /** The producer could not go on; the consumer gets {@code why} after the batches put before. */
  public void fail(Throwable why) {
    finish(why);
  }

  private void finish(Throwable why) {
    lock.lock();
    try {
      if (!ended && !closed) {
        ended = true;
        failure = why;
        filled.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next filled batch, waiting for one; null once the pipe has ended and every batch was taken
   * (or it was closed).
   */
  public B take() throws InterruptedException, ProducerFailed {
    lock.lockInterruptibly();
    try {
      while (full.isEmpty() && !ended && !closed) {
        filled.await();
      }
      return nextFull();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next filled batch, waiting up to {@code millis}; null if none came in time or the pipe is
   * at its end ({@link #atEnd} tells which).
   */
  public B poll(long millis) throws InterruptedException, ProducerFailed {
    long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lockInterruptibly();
    try {
      while (full.isEmpty() && !ended && !closed && nanos > 0) {
        nanos = filled.awaitNanos(nanos);
      }
      return nextFull();
    } finally {
      lock.unlock();
    }
  }

  private B nextFull() throws ProducerFailed {
    B batch = full.poll();
    if (batch == null && failure != null) {
      throw new ProducerFailed(failure);
    }
    return batch;
  }

  /** Whether the producer has ended (or failed) and every batch it put has been taken. */
  public boolean atEnd() {
    lock.lock();
    try {
      return ended && full.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Whether no filled batch is waiting: the consumer has caught up. Any thread may ask. */
  public boolean isEmpty() {
    lock.lock();
    try {
      return full.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Gives an emptied batch back to the pool (the consumer clears it first). */
  public void recycle(B batch) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      add(free, freed, batch, "recycle");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes every batch to the end, giving each to {@code deliver} and then back to the pool; throws
   * the producer's failure after the batches before it. Closes the pipe however it returns, so a
   * producer is not left waiting when {@code deliver} throws.
   */
  public void consume(Consumer<B> deliver) throws InterruptedException, ProducerFailed {
    try {
      for (B batch = take(); batch != null; batch = take()) {
        deliver.accept(batch);
        recycle(batch);
      }
    } finally {
      close();
    }
  }

  /**
   * Runs {@code producer} on a new thread ({@link #startProducer}) and delivers every batch it puts
   * on this one ({@link #consume}), until it ends. For reading input: what the producer threw is
   * thrown here, an {@code IOException}, an unchecked exception or an {@code Error} as itself; an
   * interrupt of this thread as an {@code InterruptedIOException}.
   */
  public void drainFrom(String threadName, Producer producer, Consumer<B> deliver) throws IOException {
    startProducer(threadName, producer);
    try {
      consume(deliver);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + threadName);
    } catch (ProducerFailed e) {
      throw rethrown(e.getCause());
    }
  }

  private static RuntimeException rethrown(Throwable cause) throws IOException {
    if (cause instanceof IOException e) {
      throw e;
    }
    if (cause instanceof RuntimeException e) {
      throw e;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("producer failed", cause);
  }

  /** The consumer takes no more: producers get {@link Closed} from now on. Idempotent. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      full.clear();
      freed.signalAll();
      filled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void add(ArrayDeque<B> queue, Condition arrived, B batch, String what) {
    if (full.size() + free.size() >= batches) {
      throw new IllegalStateException(what + " of a batch that is not this pipe's");
    }
    queue.add(batch);
    arrived.signal();
  }

  private void checkOpen() {
    if (closed) {
      throw new Closed();
    }
  }

  /**
   * Thrown to a producer once the consumer closed the pipe. Unchecked, because producers fill
   * batches from inside callbacks (a {@link LineSink}) that cannot throw checked exceptions.
   */
  public static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("the consumer closed the pipe", null, false, false);
    }
  }

  /** The producer failed; the cause is what it threw, on its own thread. */
  public static final class ProducerFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ProducerFailed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
