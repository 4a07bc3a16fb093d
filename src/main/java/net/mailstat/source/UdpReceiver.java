package net.mailstat.source;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import net.mailstat.line.BatchPipe;
import net.mailstat.line.LineSink;

/**
 * Receives syslog datagrams (RFC 5426: one message per datagram) in a {@link SelectorLoop} until
 * closed. Every datagram waiting is read before the batch is handed over, so a burst travels as
 * one batch. When the
 * counting thread falls behind, datagrams are dropped and counted: UDP senders cannot be slowed.
 * A failing receive (out of kernel memory) pauses receiving ({@link RetryPause}) instead of ending
 * the receiver.
 */
final class UdpReceiver implements Receiver {
  /** What the kernel is asked to buffer; it grants at most net.core.rmem_max. */
  private static final int RECEIVE_BUFFER_BYTES = 8 << 20;
  private static final int MAX_DATAGRAM = 65536;

  private final DatagramChannel channel;
  private final SelectorLoop loop;
  private final RetryPause receivePause;
  private final SyslogSettings settings;
  private final SyslogCounters counters;
  private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);

  UdpReceiver(ListenAddress address, SyslogSettings settings, SyslogCounters counters) throws IOException {
    this.settings = settings;
    this.counters = counters;
    DatagramChannel ch = DatagramChannel.open(address.address().getAddress() instanceof java.net.Inet6Address
        ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
      ch.bind(address.address());
      ch.configureBlocking(false);
      loop = new SelectorLoop();
      SelectionKey key = loop.register(ch, SelectionKey.OP_READ, (ready, frames) -> receiveAll(frames));
      receivePause = loop.pauseFor(key, "receiving on " + address, counters::receiveFailed);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    this.channel = ch;
  }

  @Override
  public int port() {
    return channel.socket().getLocalPort();
  }

  @Override
  public void receive(BatchPipe<FrameBatch> pipe) throws IOException {
    loop.run(new BatchWriter(pipe, counters, true));
  }

  /** Reads every datagram waiting, each one frame. */
  private void receiveAll(LineSink frames) throws ClosedChannelException {
    byte[] data = buffer.array();
    while (loop.running() && !receivePause.paused() && receiveOne()) {
      int end = StreamFramer.trimmedEnd(data, 0, buffer.position());
      if (buffer.position() > settings.maxFrameBytes()) {
        frames.overlongLine();
      } else if (end > 0) {
        frames.line(data, 0, end);
      }
    }
  }

  /** Receives one datagram into the buffer; false if none is waiting or receiving failed. */
  private boolean receiveOne() throws ClosedChannelException {
    try {
      if (channel.receive(buffer.clear()) == null) {
        return false;
      }
    } catch (ClosedChannelException e) {
      throw e; // the socket is gone: the listener opens a new receiver
    } catch (IOException e) {
      receivePause.failed(e);
      return false;
    }
    receivePause.succeeded();
    return true;
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public void close() throws IOException {
    try {
      loop.close();
    } finally {
      channel.close();
    }
  }
}
