package net.mailstat.source;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import net.mailstat.line.BatchPipe;
import net.mailstat.line.LineSink;

/**
 * Accepts syslog TCP connections and reads them all on one thread in a {@link SelectorLoop}, one
 * read per ready connection per round, so a busy sender cannot starve the others. Frames of all
 * connections go into one {@link BatchWriter} that blocks when the counting thread is behind:
 * reading stops, the kernel's buffers fill and senders wait, and nothing is lost. Each connection
 * holds at most one partial frame ({@link StreamFramer}, bounded by the frame size limit).
 *
 * <p>At most {@code maxConnections} are kept: a new connection beyond that closes the one that
 * has been quiet for longest (a half-open connection from a crashed sender, or an idle one; a
 * sender that still lives reconnects). Keepalive lets the kernel find dead peers too.
 *
 * <p>A failing {@code accept()} (no file descriptor left: EMFILE, ENFILE) does not end the
 * receiver: accepting pauses ({@link RetryPause}) while the open connections are still read, and
 * is tried again after the pause; the waiting connections stay in the kernel's backlog meanwhile.
 */
final class TcpReceiver implements Receiver {
  private static final int READ_BYTES = 64 * 1024;

  private final ServerSocketChannel server;
  private final SelectorLoop loop;
  private final RetryPause acceptPause;
  private final SyslogSettings settings;
  private final SyslogCounters counters;
  private final ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
  /** In access order: the first is the connection that has been quiet for longest. */
  private final Map<SelectionKey, StreamFramer> connections = new LinkedHashMap<>(16, 0.75f, true);

  TcpReceiver(ListenAddress address, SyslogSettings settings, SyslogCounters counters) throws IOException {
    this.settings = settings;
    this.counters = counters;
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address.address(), 128);
      ch.configureBlocking(false);
      loop = new SelectorLoop();
      SelectionKey acceptKey = loop.register(ch, SelectionKey.OP_ACCEPT, (key, frames) -> acceptAll(frames));
      acceptPause = loop.pauseFor(acceptKey, "accepting on " + address, counters::acceptFailed);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    this.server = ch;
  }

  @Override
  public int port() {
    return server.socket().getLocalPort();
  }

  @Override
  public void receive(BatchPipe<FrameBatch> pipe) throws IOException {
    loop.run(new BatchWriter(pipe, counters, false));
  }

  private void acceptAll(LineSink frames) throws IOException {
    while (true) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (ClosedChannelException e) {
        throw e; // the socket is gone: the listener opens a new receiver
      } catch (IOException e) {
        acceptPause.failed(e);
        return;
      }
      if (ch == null) {
        return;
      }
      acceptPause.succeeded();
      if (connections.size() >= settings.maxConnections()) {
        SelectionKey quietest = connections.keySet().iterator().next();
        close(quietest);
        counters.evicted();
      }
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        SelectionKey key = loop.register(ch, SelectionKey.OP_READ, this::read);
        connections.put(key, new StreamFramer(frames, settings.maxFrameBytes()));
        counters.opened();
      } catch (IOException e) {
        ch.close(); // reset before we got to it
      }
    }
  }

  private void read(SelectionKey key, LineSink frames) {
    StreamFramer framer = connections.get(key);
    if (framer == null) {
      return;
    }
    int n;
    try {
      n = ((SocketChannel) key.channel()).read(buffer.clear());
    } catch (IOException e) {
      n = -1; // reset by the peer: what was read is kept, like after a close
    }
    if (n < 0) {
      close(key);
    } else if (n > 0) {
      framer.feed(buffer.array(), 0, n);
    }
  }

  private void close(SelectionKey key) {
    StreamFramer framer = connections.remove(key);
    if (framer != null) {
      if (framer.close()) {
        counters.truncated();
      }
      counters.closed();
    }
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException e) {
      // closing a socket that failed: nothing left to do
    }
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public void close() throws IOException {
    for (SelectionKey key : connections.keySet()) {
      key.channel().close();
      counters.closed();
    }
    connections.clear();
    try {
      loop.close();
    } finally {
      server.close();
    }
  }
}
