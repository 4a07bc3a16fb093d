package net.mailstat.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import net.mailstat.line.SourcePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over UDP or TCP on one address. The socket is bound when the listener is
 * created, so a taken port or a missing permission fails the start. A network thread of its own
 * receives into a bounded {@link FrameQueue}; {@link #run()} delivers the frames, each one line as
 * the sender wrote it, to the listener and reports a position after each batch.
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

  private final ListenAddress address;
  private final Receiver receiver;
  private final FrameQueue queue;
  private final FollowListener listener;
  private volatile boolean running = true;
  private volatile IOException failure;

  /** Binds {@code address}; throws UncheckedIOException naming it if that is impossible. */
  public SyslogListener(ListenAddress address, SyslogSettings settings, SyslogCounters counters,
      FollowListener listener) {
    this.listener = listener;
    this.queue = new FrameQueue(settings.queueBatches());
    try {
      this.receiver = address.transport() == ListenAddress.Transport.UDP
          ? new UdpReceiver(address, settings, counters)
          : new TcpReceiver(address, settings, counters);
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
    Thread network = new Thread(this::receive, "receive " + address);
    network.setDaemon(true);
    network.start();
    listener.reached(NETWORK);
    try {
      while (running) {
        FrameBatch batch = queue.takeFull(POLL_MILLIS);
        if (batch != null) {
          deliver(batch);
        }
        IOException e = failure;
        if (e != null) {
          listener.trouble("syslog listener " + address + " stopped receiving: " + e.getMessage());
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      receiver.stop();
      joinQuietly(network);
      closeQuietly();
    }
    FrameBatch rest;
    while ((rest = queue.pollFull()) != null) {
      deliver(rest);
    }
  }

  /** Delivers {@code first} and whatever else is waiting, then reports the position once. */
  private void deliver(FrameBatch first) {
    FrameBatch batch = first;
    for (int i = 0; batch != null; i++) {
      batch.deliverTo(listener);
      queue.recycle(batch);
      batch = i < MAX_BATCHES_PER_REPORT ? queue.pollFull() : null;
    }
    listener.reached(NETWORK);
  }

  private void receive() {
    try {
      receiver.receive(queue);
    } catch (IOException e) {
      if (running) {
        failure = e;
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    receiver.stop();
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly() {
    try {
      receiver.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", address, e.getMessage());
    }
  }
}
