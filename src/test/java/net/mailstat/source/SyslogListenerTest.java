package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener over real loopback sockets: our own clients, well-behaved and not. */
class SyslogListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SyslogTestListener got = new SyslogTestListener();
  private final SyslogCounters counters = new SyslogCounters();
  private final List<Socket> sockets = new ArrayList<>();
  private SyslogListener listener;
  private Thread thread;

  private InetSocketAddress start(String spec, SyslogSettings settings) {
    listener = new SyslogListener(ListenAddress.parse(spec), settings, counters, got);
    thread = new Thread(listener::run, "run under test");
    got.runningOn(thread);
    thread.start();
    return listener.address().address();
  }

  private InetSocketAddress start(String spec) {
    return start(spec, SyslogSettings.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (listener != null) {
      listener.stop();
      thread.join(5000);
      assertThat(thread.isAlive()).as("run() returned after stop()").isFalse();
    }
    assertThat(got.wrongThreads).as("listener calls from other threads than run()").isEmpty();
  }

  private Socket connect(InetSocketAddress at) throws IOException {
    Socket s = new Socket(at.getAddress(), at.getPort());
    sockets.add(s);
    return s;
  }

  private static List<String> numbered(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("<22>Nov 23 10:00:00 mx postfix/smtpd[1]: " + prefix + " " + i);
    }
    return out;
  }

  @Test
  void udpDatagramsBecomeLinesWithTheirTrailingNewlineRemoved() throws Exception {
    InetSocketAddress at = start("udp:127.0.0.1:0");
    List<String> sent = numbered("udp", 200);
    try (DatagramChannel ch = DatagramChannel.open()) {
      for (int i = 0; i < sent.size(); i++) {
        String s = sent.get(i) + (i % 2 == 0 ? "\n" : "");
        ch.send(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), at);
        if (i % 50 == 49) {
          int expected = i + 1;
          Poll.until(WAIT, () -> got.lines.size() >= expected); // stay below any buffer limit
        }
      }
    }
    assertThat(Poll.until(WAIT, () -> got.lines.size() == sent.size())).isTrue();
    assertThat(got.lines).containsExactlyElementsOf(sent);
    assertThat(got.lastPosition).isEqualTo(SyslogListener.NETWORK);
    assertThat(counters.snapshot().frames()).isEqualTo(sent.size());
    assertThat(counters.snapshot().dropped()).isZero();
  }

  @Test
  void tcpSendersInterleaveBothFramingsOnManyConnectionsAtOnce() throws Exception {
    InetSocketAddress at = start("tcp:127.0.0.1:0");
    int senders = 20;
    int perSender = 500;
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int s = 0; s < senders; s++) {
      Socket socket = connect(at);
      int sender = s;
      threads.add(new Thread(() -> {
        try (OutputStream out = socket.getOutputStream()) {
          StringBuilder sb = new StringBuilder();
          for (String line : numbered("sender" + sender, perSender)) {
            if (line.hashCode() % 2 == 0) {
              sb.append(line.getBytes(StandardCharsets.UTF_8).length).append(' ').append(line);
            } else {
              sb.append(line).append('\n');
            }
          }
          byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
          Random random = new Random(sender);
          for (int off = 0; off < bytes.length;) {
            int n = Math.min(bytes.length - off, 1 + random.nextInt(3000));
            out.write(bytes, off, n);
            out.flush();
            off += n;
          }
        } catch (IOException e) {
          failures.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(Poll.until(WAIT, () -> got.lines.size() == senders * perSender))
        .as("got %d lines", got.lines.size()).isTrue();
    for (int s = 0; s < senders; s++) {
      String tag = "sender" + s + " ";
      assertThat(got.lines.stream().filter(l -> l.contains(tag)).toList())
          .as("sender %d in its own order", s).containsExactlyElementsOf(numbered("sender" + s, perSender));
    }
    assertThat(Poll.until(WAIT, () -> counters.snapshot().connectionsOpen() == 0)).isTrue();
    assertThat(counters.snapshot().connectionsAccepted()).isEqualTo(senders);
  }

  @Test
  void tcpMalformedSendersDoNotDisturbAWellBehavedOne() throws Exception {
    InetSocketAddress at = start("tcp:127.0.0.1:0");
    Socket good = connect(at);
    Socket garbage = connect(at);
    Socket huge = connect(at);
    Socket liar = connect(at);
    Socket halfOpen = connect(at);
    halfOpen.getOutputStream().write("12 <13>1 never finished".getBytes(StandardCharsets.US_ASCII));
    byte[] binary = new byte[100_000];
    new Random(7).nextBytes(binary);
    garbage.getOutputStream().write(binary);
    byte[] endless = new byte[1 << 20];
    java.util.Arrays.fill(endless, (byte) 'x');
    for (int i = 0; i < 20; i++) {
      huge.getOutputStream().write(endless);
    }
    huge.getOutputStream().write("\n<13>after the huge line\n".getBytes(StandardCharsets.US_ASCII));
    liar.getOutputStream().write("5000 <13>1 claims more than it sends".getBytes(StandardCharsets.US_ASCII));
    liar.close();
    String counted = "<13>1 good counted";
    good.getOutputStream().write(("<13>good 1\n" + counted.length() + " " + counted + "<13>good 3\n")
        .getBytes(StandardCharsets.US_ASCII));
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>good 3")
        && got.lines.contains("<13>after the huge line") && counters.snapshot().truncated() == 1))
        .as("%s; good 3: %s, after huge: %s", counters.snapshot(), got.lines.contains("<13>good 3"),
            got.lines.contains("<13>after the huge line")).isTrue();
    assertThat(got.lines).containsSubsequence("<13>good 1", "<13>1 good counted", "<13>good 3");
    assertThat(got.overlong.get()).isGreaterThanOrEqualTo(1);
    assertThat(counters.snapshot().overlong()).isEqualTo(got.overlong.get());
    assertThat(got.lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(LineSplitter.DEFAULT_MAX_LINE_BYTES));
    assertThat(got.lines).noneMatch(l -> l.contains("never finished") || l.contains("claims more"));
  }

  @Test
  void beyondTheConnectionLimitTheQuietestConnectionIsClosed() throws Exception {
    InetSocketAddress at = start("tcp:127.0.0.1:0", new SyslogSettings(1024, 3, 4));
    Socket quiet = connect(at);
    quiet.getOutputStream().write("<13>quiet\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>quiet"))).isTrue();
    List<Socket> busy = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = connect(at);
      busy.add(s);
      s.getOutputStream().write(("<13>busy " + i + "\n").getBytes(StandardCharsets.US_ASCII));
      int n = i;
      assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>busy " + n))).isTrue();
    }
    assertThat(counters.snapshot().connectionsEvicted()).isEqualTo(1);
    assertThat(counters.snapshot().connectionsOpen()).isEqualTo(3);
    assertThat(quiet.getInputStream().read()).as("the quiet connection was closed by the listener").isEqualTo(-1);
    busy.get(0).getOutputStream().write("<13>still served\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>still served"))).isTrue();
  }

  @Test
  void aSlowCountingThreadMakesTcpWaitAndLosesNothing() throws Exception {
    InetSocketAddress at = start("tcp:127.0.0.1:0", new SyslogSettings(1024, 8, 2));
    got.slowDown = Duration.ofMillis(2);
    int n = 3000;
    Socket s = connect(at);
    byte[] line = ("<13>" + "p".repeat(200) + "\n").getBytes(StandardCharsets.US_ASCII);
    Thread sender = new Thread(() -> {
      try (OutputStream out = s.getOutputStream()) {
        for (int i = 0; i < n; i++) {
          out.write(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    sender.start();
    // Two batches of 256 KiB hold about 2,500 such lines; the kernel's buffers hold some more: the
    // sender can only finish once the slow side has taken most of them.
    assertThat(Poll.until(Duration.ofSeconds(1), () -> got.lines.size() > 100)).isTrue();
    got.slowDown = Duration.ZERO;
    sender.join(20_000);
    assertThat(Poll.until(WAIT, () -> got.lines.size() == n)).as("got %d", got.lines.size()).isTrue();
    assertThat(counters.snapshot().dropped()).isZero();
  }

  @Test
  void aUdpFloodBeyondTheQueueIsDroppedAndCountedWithBoundedMemory() throws Exception {
    InetSocketAddress at = start("udp:127.0.0.1:0", new SyslogSettings(1024, 8, 2));
    got.slowDown = Duration.ofMillis(1);
    byte[] datagram = ("<13>" + "f".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
    int sent = 20_000;
    try (DatagramChannel ch = DatagramChannel.open()) {
      for (int i = 0; i < sent; i++) {
        ch.send(ByteBuffer.wrap(datagram), at);
      }
    }
    got.slowDown = Duration.ZERO;
    assertThat(Poll.until(WAIT, () -> {
      SyslogCounters.Snapshot c = counters.snapshot();
      return c.dropped() > 0 && got.lines.size() == c.frames();
    })).as("%s, %d lines", counters.snapshot(), got.lines.size()).isTrue();
    // What was not delivered was either dropped by us (counted) or by the kernel's full buffer.
    assertThat(got.lines.size() + counters.snapshot().dropped()).isLessThanOrEqualTo(sent);
  }

  @Test
  void anOverlongDatagramIsCountedAndSkipped() throws Exception {
    InetSocketAddress at = start("udp:127.0.0.1:0", new SyslogSettings(100, 8, 4));
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.send(ByteBuffer.wrap(new byte[101]), at);
      ch.send(ByteBuffer.wrap("<13>short".getBytes(StandardCharsets.US_ASCII)), at);
    }
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>short") && got.overlong.get() == 1))
        .isTrue();
    assertThat(got.lines).containsExactly("<13>short");
  }

  @Test
  void aTakenPortFailsAtCreationNamingTheAddress() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ListenAddress address = ListenAddress.parse("tcp:127.0.0.1:" + taken.getLocalPort());
      assertThatThrownBy(() -> new SyslogListener(address, SyslogSettings.defaults(), counters, got))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on tcp:127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }
}
