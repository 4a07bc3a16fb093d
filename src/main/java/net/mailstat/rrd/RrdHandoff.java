package net.mailstat.rrd;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import net.mailstat.count.Category;
import net.mailstat.count.DetailKey;
import net.mailstat.count.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands counted events to one {@code rrd-write} thread through a bounded queue, so that a slow or
 * hung disk under the RRD directory delays the history, never the counting threads. When the
 * queue is full an event is not waited for: it is counted in {@link #dropped()} (the history
 * then lacks it; the counters and the stat file do not). {@link #close()} lets the thread write
 * everything queued before it returns, so the final events reach the databases before they close.
 */
public final class RrdHandoff implements EventSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RrdHandoff.class);
  /** Events queued at most (about a minute of a busy relay). */
  public static final int CAPACITY = 65_536;

  /** A counted event (a category or a detail, the other null), or a mark of a completed log. */
  private record Event(Category category, DetailKey detail, long epochSecond, String host, long n,
      boolean completeMark) {}

  private static final Event END = new Event(null, null, 0, null, 0, false);

  private final EventSink target;
  private final java.util.function.LongConsumer completeUntil;
  private final BlockingQueue<Event> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;

  /**
   * {@code target} receives the events on the writer thread; {@code completeUntil} receives
   * {@link #logCompleteUntil} in order with them.
   */
  public RrdHandoff(EventSink target, java.util.function.LongConsumer completeUntil, int capacity) {
    this.target = target;
    this.completeUntil = completeUntil;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::drain, "rrd-write");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void count(Category category, long epochSecond, String syslogHost, long n) {
    offer(new Event(category, null, epochSecond, syslogHost, n, false));
  }

  /** A detail (a reject's reason, a TLS connection) goes the same way, and is dropped the same way. */
  @Override
  public void detail(DetailKey key, long epochSecond, String syslogHost, long n) {
    offer(new Event(null, key, epochSecond, syslogHost, n, false));
  }

  private void offer(Event e) {
    long n = e.n();
    if (closed || n <= 0) {
      return;
    }
    if (!queue.offer(e)) {
      if (dropped.getAndAdd(n) == 0) {
        log.warn("the RRD writer falls behind (slow disk under the RRD directory?): events beyond {} queued"
            + " are left out of the history", queue.size());
      }
    }
  }

  /**
   * A one-shot read reached its end at {@code epochSecond}; queued behind the events before it. This
   * waits for room: it is called once, by a reader that has finished.
   */
  public void logCompleteUntil(long epochSecond) {
    try {
      queue.put(new Event(null, null, epochSecond, null, 0, true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events left out of the history because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    try {
      for (Event e = queue.take(); e != END; e = queue.take()) {
        try {
          if (e.completeMark()) {
            completeUntil.accept(e.epochSecond());
          } else if (e.detail() != null) {
            target.detail(e.detail(), e.epochSecond(), e.host(), e.n());
          } else {
            target.count(e.category(), e.epochSecond(), e.host(), e.n());
          }
        } catch (RuntimeException ex) {
          log.error("while writing the RRD history", ex);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops taking events and waits until the writer has written every queued one. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(END);
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
