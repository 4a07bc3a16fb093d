package net.mailstat.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.mailstat.line.BatchPipe;
import net.mailstat.line.SourcePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over UDP or TCP on one address. The socket is bound when the listener is
 * created, so a taken port or a missing permission fails the start. A network thread of its own
 * receives into a bounded {@link BatchPipe} of {@link FrameBatch}es; {@link #run()} delivers the
 * frames, each one line as the sender wrote it, to the listener and reports a position after the
 * batches waiting.
 *
 * <p>Nothing ends the listening quietly. A failing accept or receive is retried by the receiver
 * itself ({@link RetryPause}). A receiver that dies of an I/O error (its socket or selector
 * broken) is reported as trouble, closed, and a new one is bound to the same address after a
 * {@link Backoff} pause, as often as needed until it binds; what the dead one had received is
 * still delivered. Anything else it throws (an {@code Error}, a bug) is rethrown by {@link #run()},
 * whose caller ends the process.
 *
 * <p>Network lines cannot be read again, so the position carries nothing to resume from: what was
 * counted since the last commit is lost if the process dies, and lines sent while mailstat is down
 * are lost unless the sender queues them (rsyslog's action queue, syslog-ng's disk buffer).
 */
public final class SyslogListener implements LogSource {
  private static final Logger log = LoggerFactory.getLogger(SyslogListener.class);
  /** Nothing to resume from: a stream of datagrams or connections has no offset. */
  static final SourcePosition NETWORK = SourcePosition.ofCursor(null);
  private static final long POLL_MILLIS = 200;
  private static final int MAX_BATCHES_PER_REPORT = 64;
  private static final long JOIN_MILLIS = 2000;
  static final long RESTART_FIRST_MILLIS = 100;
  static final long RESTART_MAX_MILLIS = 10_000;

  /** Binds a receiver to an address; the listener's way to open the first one and each new one. */
  @FunctionalInterface
  interface ReceiverFactory {
    Receiver open(ListenAddress address) throws IOException;
  }

  private final ListenAddress address;
  private final ReceiverFactory factory;
  private final SyslogCounters counters;
  private final int batches;
  private final FollowListener listener;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Backoff restarts = new Backoff(RESTART_FIRST_MILLIS, RESTART_MAX_MILLIS);
  private volatile boolean running = true;
  private volatile Receiver receiver;

  /** Binds {@code address}; throws UncheckedIOException naming it if that is impossible. */
  public SyslogListener(ListenAddress address, SyslogSettings settings, SyslogCounters counters,
      FollowListener listener) {
    this(address, settings, counters, listener, bound -> bound.transport() == ListenAddress.Transport.UDP
        ? new UdpReceiver(bound, settings, counters)
        : new TcpReceiver(bound, settings, counters));
  }

  SyslogListener(ListenAddress address, SyslogSettings settings, SyslogCounters counters, FollowListener listener,
      ReceiverFactory factory) {
    this.listener = listener;
    this.counters = counters;
    this.factory = factory;
    this.batches = settings.queueBatches();
    try {
      this.receiver = factory.open(address);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    this.address = address.withPort(receiver.port());
  }

  /** A configured listener; {@code counters} is where its health figures can be read. */
  public static Definition definition(ListenAddress address, SyslogSettings settings, SyslogCounters counters) {
    return new Definition(address.sourceId(),
        (resume, firstStart, listener) -> new SyslogListener(address, settings, counters, listener));
  }

  /** The address bound, with the real port. */
  public ListenAddress address() {
    return address;
  }

  @Override
  public void run() {
    listener.reached(NETWORK);
    try {
      Receiver current = receiver;
      while (current != null) {
        Throwable died = receiveWith(current);
        if (died == null) {
          break;
        }
        if (!(died instanceof IOException)) {
          throw rethrown(died);
        }
        current = reopen(died.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Receives with {@code r} until the listener stops (returns null) or the receiver dies (returns
   * why); either way {@code r} is closed and everything it received has been delivered.
   */
  private Throwable receiveWith(Receiver r) throws InterruptedException {
    receiver = r;
    BatchPipe<FrameBatch> pipe = new BatchPipe<>(batches, FrameBatch::new);
    pipe.startProducer("receive " + address, () -> r.receive(pipe));
    try {
      return deliverWhileRunning(pipe);
    } finally {
      r.stop();
      try {
        drainAfterStop(pipe);
      } finally {
        pipe.close();
        closeQuietly(r);
      }
    }
  }

  /**
   * Delivers the batches as they come, reporting the position when the receiver's side is empty
   * (or after {@link #MAX_BATCHES_PER_REPORT}); returns null when the listener stops, or why the
   * receiver died.
   */
  private Throwable deliverWhileRunning(BatchPipe<FrameBatch> pipe) throws InterruptedException {
    int unreported = 0;
    try {
      while (running) {
        FrameBatch batch = pipe.poll(POLL_MILLIS);
        if (batch != null) {
          deliver(batch, pipe);
          if (++unreported == MAX_BATCHES_PER_REPORT || pipe.isEmpty()) {
            report();
            unreported = 0;
          }
        } else if (pipe.atEnd()) {
          return running ? new IOException("the receiver ended by itself") : null;
        } else {
          listener.caughtUp();
        }
      }
    } catch (BatchPipe.ProducerFailed e) {
      return running ? e.getCause() : null;
    }
    return null;
  }

  /**
   * After {@code stop()}: delivers what the receiver still hands over, waiting up to
   * {@link #JOIN_MILLIS} for its end.
   */
  private void drainAfterStop(BatchPipe<FrameBatch> pipe) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
    boolean delivered = false;
    try {
      long left;
      while (!pipe.atEnd() && (left = deadline - System.nanoTime()) > 0) {
        FrameBatch batch = pipe.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        if (batch != null) {
          deliver(batch, pipe);
          delivered = true;
        }
      }
    } catch (BatchPipe.ProducerFailed e) {
      // it died while stopping or before: what it handed over is delivered, why no longer matters
    }
    if (delivered) {
      report();
    }
  }

  /** Binds a new receiver after a pause, as often as needed; null if the listener stopped meanwhile. */
  private Receiver reopen(String why) throws InterruptedException {
    String reason = "stopped receiving: " + why;
    while (running) {
      long pause = restarts.failed(System.currentTimeMillis());
      listener.trouble("syslog listener " + address + " " + reason + "; opening it again in " + pause + " ms");
      if (stopped.await(pause, TimeUnit.MILLISECONDS)) {
        return null;
      }
      try {
        Receiver r = factory.open(address);
        counters.restarted();
        log.info("syslog listener {} is listening again", address);
        listener.reached(NETWORK);
        return r;
      } catch (IOException e) {
        reason = "cannot listen again: " + e.getMessage();
      }
    }
    return null;
  }

  private void deliver(FrameBatch batch, BatchPipe<FrameBatch> pipe) {
    batch.deliverTo(listener);
    batch.clear();
    pipe.recycle(batch);
  }

  private void report() {
    restarts.succeeded(); // the receiver works: a later death starts again from the shortest pause
    listener.reached(NETWORK);
  }

  private static RuntimeException rethrown(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      return e;
    }
    return new IllegalStateException("receiver failed", t);
  }

  @Override
  public void stop() {
    running = false;
    stopped.countDown();
    receiver.stop();
  }

  private void closeQuietly(Receiver r) {
    try {
      r.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", address, e.getMessage());
    }
  }
}
