package net.mailstat.source;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Receives syslog datagrams (RFC 5426: one message per datagram) until closed. Every datagram
 * waiting is read before the batch is handed over, so a burst travels as one batch. When the
 * counting thread falls behind, datagrams are dropped and counted: UDP senders cannot be slowed.
 */
final class UdpReceiver implements Receiver {
  /** How long frames wait for a busy counting thread before they are handed over anyway. */
  private static final long HOLD_MILLIS = 2;
  /** What the kernel is asked to buffer; it grants at most net.core.rmem_max. */
  private static final int RECEIVE_BUFFER_BYTES = 8 << 20;
  private static final int MAX_DATAGRAM = 65536;

  private final DatagramChannel channel;
  private final Selector selector;
  private final SyslogSettings settings;
  private final SyslogCounters counters;
  private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
  private volatile boolean running = true;

  UdpReceiver(ListenAddress address, SyslogSettings settings, SyslogCounters counters) throws IOException {
    this.settings = settings;
    this.counters = counters;
    DatagramChannel ch = DatagramChannel.open(address.address().getAddress() instanceof java.net.Inet6Address
        ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
      ch.bind(address.address());
      ch.configureBlocking(false);
      selector = Selector.open();
      ch.register(selector, SelectionKey.OP_READ);
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
  public void receive(FrameQueue queue) throws IOException {
    BatchWriter writer = new BatchWriter(queue, counters, true, () -> running);
    byte[] data = buffer.array();
    while (running) {
      int ready = selector.select(writer.holding() ? HOLD_MILLIS : 0);
      selector.selectedKeys().clear();
      while (running && channel.receive(buffer.clear()) != null) {
        int end = StreamFramer.trimmedEnd(data, 0, buffer.position());
        if (buffer.position() > settings.maxFrameBytes()) {
          writer.overlongLine();
        } else if (end > 0) {
          writer.line(data, 0, end);
        }
      }
      if (ready == 0) {
        writer.flush();
      } else {
        writer.flushIfIdle();
      }
    }
    writer.flush(); // what was received before the stop is still counted
  }

  @Override
  public void stop() {
    running = false;
    selector.wakeup();
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}
