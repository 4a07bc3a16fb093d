package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.mailstat.line.BatchPipe;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A listener whose receiver dies: an I/O error is answered with a new receiver on the same
 * address (and binding it is retried until it works), anything else is rethrown by run().
 */
class SyslogRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A real receiver the test can make fail as if its socket had broken. */
  private static final class BreakableReceiver implements Receiver {
    private final Receiver real;
    private volatile Throwable failWith;

    BreakableReceiver(Receiver real) {
      this.real = real;
    }

    void fail(Throwable t) {
      failWith = t;
      real.stop();
    }

    @Override
    public int port() {
      return real.port();
    }

    @Override
    public void receive(BatchPipe<FrameBatch> pipe) throws IOException {
      real.receive(pipe);
      Throwable t = failWith;
      if (t instanceof IOException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }

    @Override
    public void stop() {
      real.stop();
    }

    @Override
    public void close() throws IOException {
      real.close();
    }
  }

  private final SyslogTestListener got = new SyslogTestListener();
  private final SyslogCounters counters = new SyslogCounters();
  private final List<BreakableReceiver> opened = new CopyOnWriteArrayList<>();
  private final AtomicInteger failOpens = new AtomicInteger();
  private final AtomicReference<Throwable> thrown = new AtomicReference<>();
  private SyslogListener listener;
  private Thread thread;

  private InetSocketAddress start(String spec) {
    SyslogSettings settings = SyslogSettings.defaults();
    listener = new SyslogListener(ListenAddress.parse(spec), settings, counters, got, address -> {
      if (!opened.isEmpty() && failOpens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IOException("refused by the test");
      }
      Receiver real = address.transport() == ListenAddress.Transport.UDP
          ? new UdpReceiver(address, settings, counters)
          : new TcpReceiver(address, settings, counters);
      BreakableReceiver r = new BreakableReceiver(real);
      opened.add(r);
      return r;
    });
    thread = new Thread(() -> {
      try {
        listener.run();
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "run under test");
    got.runningOn(thread);
    thread.start();
    return listener.address().address();
  }

  @AfterEach
  void stop() throws Exception {
    if (listener != null) {
      listener.stop();
      thread.join(5000);
      assertThat(thread.isAlive()).as("run() returned after stop()").isFalse();
    }
    assertThat(got.wrongThreads).as("listener calls from other threads than run()").isEmpty();
  }

  private static void send(InetSocketAddress at, String line) throws IOException {
    try (Socket s = new Socket(at.getAddress(), at.getPort())) {
      s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aReceiverDeadOfAnIoErrorIsReplacedOnTheSamePortAndLosesNothingItReceived() throws Exception {
    InetSocketAddress at = start("tcp:127.0.0.1:0");
    send(at, "<13>before");
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>before"))).isTrue();
    failOpens.set(2); // the first two attempts to bind again fail too
    opened.get(0).fail(new IOException("broken by the test"));
    assertThat(Poll.until(WAIT, () -> counters.snapshot().restarts() == 1))
        .as("troubles: %s", got.troubles).isTrue();
    assertThat(opened).hasSize(2);
    assertThat(opened.get(1).port()).isEqualTo(at.getPort());
    assertThat(got.troubles).hasSize(3);
    assertThat(got.troubles.get(0)).contains("stopped receiving: broken by the test; opening it again in "
        + SyslogListener.RESTART_FIRST_MILLIS + " ms");
    assertThat(got.troubles.get(1)).contains("cannot listen again: refused by the test; opening it again in "
        + 2 * SyslogListener.RESTART_FIRST_MILLIS + " ms");
    send(at, "<13>after");
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>after"))).isTrue();
    assertThat(got.lines).containsExactly("<13>before", "<13>after");
    assertThat(thread.isAlive()).isTrue();
  }

  @Test
  void aUdpReceiverIsReplacedToo() throws Exception {
    InetSocketAddress at = start("udp:127.0.0.1:0");
    opened.get(0).fail(new IOException("broken by the test"));
    assertThat(Poll.until(WAIT, () -> counters.snapshot().restarts() == 1)).isTrue();
    try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
      ch.send(java.nio.ByteBuffer.wrap("<13>after".getBytes(StandardCharsets.US_ASCII)), at);
    }
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>after"))).isTrue();
  }

  @Test
  void anErrorInTheReceiverIsRethrownByRunInsteadOfEndingTheListenerQuietly() throws Exception {
    InetSocketAddress at = start("tcp:127.0.0.1:0");
    send(at, "<13>before");
    assertThat(Poll.until(WAIT, () -> got.lines.contains("<13>before"))).isTrue();
    opened.get(0).fail(new StackOverflowError("thrown by the test"));
    thread.join(WAIT.toMillis());
    assertThat(thread.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(StackOverflowError.class).hasMessage("thrown by the test");
    assertThat(opened).as("no new receiver after an Error").hasSize(1);
    listener = null;
  }
}
