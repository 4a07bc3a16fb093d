package net.mailstat.reliability;

import static net.mailstat.reliability.ListenerProcess.ascii;
import static net.mailstat.reliability.ListenerProcess.reject;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.HostsFile;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog garbage over TCP and UDP while real lines flow, against the real jar's {@code run
 * --listen}: random bytes, an octet count of 999999999, a 10 MB line, half-open and slow
 * connections, and 100,000 distinct host names. Every real line must be counted exactly once,
 * the host rows must stay bounded, and the resident memory is printed and must stay under a
 * generous bound.
 */
class SyslogGarbageIT {
  private static final int GOOD_LINES = 20_000;
  private static final int DISTINCT_HOSTS = 100_000;
  private static final int SLOW_LINES = 20;
  private static final int HALF_OPEN = 100;
  private static final int UDP_ROUNDS = 50;
  private static final int UDP_GARBAGE_PER_ROUND = 99;
  private static final long RSS_BOUND_KIB = 450 * 1024; // -Xmx256m: heap, metaspace, threads and buffers well below this

  @TempDir Path dir;

  @Test
  void realLinesAreCountedExactlyWhateverElseArrives() throws Exception {
    List<Socket> halfOpen = new ArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(7);
    try (ListenerProcess run = ListenerProcess.start(dir, List.of())) {
      long startRss = run.rssKib();
      AtomicLong peakRss = new AtomicLong(startRss);
      InetSocketAddress tcp = new InetSocketAddress(InetAddress.getLoopbackAddress(), run.tcpPort);
      for (int i = 0; i < HALF_OPEN; i++) { // partial frames never finished, connections never closed
        Socket s = new Socket(tcp.getAddress(), tcp.getPort());
        halfOpen.add(s);
        s.getOutputStream().write(ascii(i % 2 == 0 ? "500 <13>1 never finished" : "<13>no line end " + i));
      }
      InetSocketAddress udp = new InetSocketAddress(InetAddress.getLoopbackAddress(), run.udpPort);
      try (DatagramChannel ch = DatagramChannel.open()) { // its host gets a row before the rotating names
        ch.send(ByteBuffer.wrap(ascii(reject("udp-host", -1))), udp);
      }
      assertThat(run.awaitRejected(1, Duration.ofSeconds(30))).isTrue();
      List<Future<Long>> real = new ArrayList<>();
      real.add(senders.submit(() -> goodSender(tcp)));
      real.add(senders.submit(() -> distinctHosts(tcp)));
      real.add(senders.submit(() -> slowSender(tcp)));
      real.add(senders.submit(() -> hugeLineThenARealOne(tcp)));
      List<Future<Long>> garbage = new ArrayList<>();
      garbage.add(senders.submit(() -> randomBytes(tcp, 5 << 20, 1)));
      garbage.add(senders.submit(() -> countThatNeverEnds(tcp)));
      long expected = 1 + udpGarbageAndRealLines(run, udp, peakRss);
      for (Future<Long> f : real) {
        expected += f.get(5, TimeUnit.MINUTES);
      }
      for (Future<Long> f : garbage) {
        f.get(5, TimeUnit.MINUTES);
      }
      long want = expected;
      boolean reached = false;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!reached && System.nanoTime() < deadline) {
        peakRss.accumulateAndGet(run.rssKib(), Math::max);
        reached = run.awaitRejected(want, Duration.ofMillis(200));
      }
      peakRss.accumulateAndGet(run.rssKib(), Math::max);
      System.out.printf("syslog garbage: %d real lines counted of %d sent; RSS %d KiB at start, peak %d KiB"
          + " (bound %d KiB); unparsed %d, overlong %d%n", run.rejected(), want, startRss, peakRss.get(),
          RSS_BOUND_KIB, run.field("unparsed"), run.overlong());
      assertThat(reached).as("rejects counted %d, sent %d; log: %s", run.rejected(), want, run.logText()).isTrue();
      assertThat(run.alive()).isTrue();
      assertThat(run.overlong()).as("the 10 MB line and the 999999999 count").isGreaterThanOrEqualTo(2);
      assertThat(run.field("unparsed")).as("random bytes are counted as unparsed lines").isPositive();
      assertThat(peakRss.get()).isLessThan(RSS_BOUND_KIB);

      // nothing more arrives, so the rejects must stay where they are (no line counted twice later)
      assertThat(run.awaitRejected(want + 1, Duration.ofSeconds(1))).isFalse();
      Map<String, CounterSnapshot> hosts = HostsFile.readCounts(dir.resolve("mailstat.hosts"));
      System.out.printf("syslog garbage: %d host rows for over %d distinct host names%n", hosts.size(),
          DISTINCT_HOSTS);
      assertThat(hosts.size()).isLessThanOrEqualTo(1001);
      assertThat(hosts).containsKey("other");
      assertThat(hosts.values().stream().mapToLong(c -> c.get(Category.REJECTED)).sum())
          .as("per-host rows sum to the total").isEqualTo(want);
    } finally {
      for (Socket s : halfOpen) {
        s.close();
      }
      senders.shutdownNow();
    }
  }

  @Test
  void maxHostsBoundsTheHostRowsOfTheRealProcess() throws Exception {
    int hosts = 2_000;
    try (ListenerProcess run = ListenerProcess.start(dir, List.of(), "--max-hosts", "20")) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), run.tcpPort);
          OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
        for (int i = 0; i < hosts; i++) {
          out.write(ascii(reject("h" + i, i) + "\n"));
        }
      }
      assertThat(run.awaitRejected(hosts, Duration.ofSeconds(60))).as(run.logText()).isTrue();
      assertThat(Poll.until(Duration.ofSeconds(10), () -> hostRejects(run, "other") == hosts - 20)).isTrue();
      Map<String, CounterSnapshot> rows = HostsFile.readCounts(dir.resolve("mailstat.hosts"));
      assertThat(rows).hasSize(21).containsKeys("h0", "h19", "other");
      assertThat(run.logText()).contains("more than 20 syslog hosts: host 'h20' and every further new one are counted"
          + " under 'other'");
    }
    MailstatJar.Result bad = MailstatJar.run(Duration.ofSeconds(30), "run", "--no-snmp", "--no-rrd", "--no-web",
        "--listen", "tcp:0", "--max-hosts", "0", "--stat-file", dir.resolve("s").toString(), "--state-dir",
        dir.resolve("st").toString());
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr().strip()).isEqualTo("mailstat: --max-hosts: must be at least 1, not 0");
  }

  /** Real lines from one host on one connection, both framings alternating. */
  private static long goodSender(InetSocketAddress at) throws IOException {
    try (Socket s = new Socket(at.getAddress(), at.getPort());
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
      for (int i = 0; i < GOOD_LINES; i++) {
        byte[] frame = ascii(reject("mx7", i));
        if (i % 2 == 0) {
          out.write(ascii(frame.length + " "));
          out.write(frame);
        } else {
          out.write(frame);
          out.write('\n');
        }
      }
    }
    return GOOD_LINES;
  }

  /** Real lines, each from a host name never seen before. */
  private static long distinctHosts(InetSocketAddress at) throws IOException {
    try (Socket s = new Socket(at.getAddress(), at.getPort());
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
      for (int i = 0; i < DISTINCT_HOSTS; i++) {
        out.write(ascii(reject("rotating-" + i + ".example.net", i) + "\n"));
      }
    }
    return DISTINCT_HOSTS;
  }

  /** Real lines written one byte at a time with pauses: a slow sender. */
  private static long slowSender(InetSocketAddress at) throws IOException, InterruptedException {
    try (Socket s = new Socket(at.getAddress(), at.getPort())) {
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < SLOW_LINES; i++) {
        for (byte b : ascii(reject("slow", i) + "\n")) {
          out.write(b);
          out.flush();
          if (b == ' ') {
            TimeUnit.MILLISECONDS.sleep(1); // a sender this slow, on purpose
          }
        }
      }
    }
    return SLOW_LINES;
  }

  /** A 10 MB line without LF until its end, then one real line on the same connection. */
  private static long hugeLineThenARealOne(InetSocketAddress at) throws IOException {
    try (Socket s = new Socket(at.getAddress(), at.getPort());
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'x');
      out.write(ascii("<13>Mar  1 10:00:00 huge postfix/smtpd[1]: "));
      for (int i = 0; i < 10; i++) {
        out.write(chunk);
      }
      out.write(ascii("\n" + reject("after-huge", 1) + "\n"));
    }
    return 1;
  }

  private static long randomBytes(InetSocketAddress at, int bytes, long seed) throws IOException {
    byte[] data = new byte[bytes];
    new Random(seed).nextBytes(data);
    try (Socket s = new Socket(at.getAddress(), at.getPort())) {
      s.getOutputStream().write(data);
    }
    return 0;
  }

  /** Announces a frame of 999999999 bytes, sends 3 MB of it and closes. */
  private static long countThatNeverEnds(InetSocketAddress at) throws IOException {
    try (Socket s = new Socket(at.getAddress(), at.getPort());
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
      out.write(ascii("999999999 "));
      byte[] chunk = ascii(reject("inside-the-count", 0) + "\n");
      for (int sent = 0; sent < 3 << 20; sent += chunk.length) {
        out.write(chunk); // real-looking lines inside the frame must not be counted
      }
    }
    return 0;
  }

  /**
   * Random datagrams with a real line after each round; a round is only sent once the one before
   * it is counted, so no datagram is lost to a full kernel buffer (UDP cannot be slowed).
   */
  private static long udpGarbageAndRealLines(ListenerProcess run, InetSocketAddress at, AtomicLong peakRss)
      throws Exception {
    Random random = new Random(2);
    long real = 0;
    try (DatagramChannel ch = DatagramChannel.open()) {
      for (int round = 0; round < UDP_ROUNDS; round++) {
        for (int i = 0; i < UDP_GARBAGE_PER_ROUND; i++) {
          byte[] d = new byte[1 + random.nextInt(1400)];
          random.nextBytes(d);
          ch.send(ByteBuffer.wrap(d), at);
        }
        ch.send(ByteBuffer.wrap(ascii(reject("udp-host", round))), at);
        real++;
        long counted = real + 1;
        peakRss.accumulateAndGet(run.rssKib(), Math::max);
        waitFor(() -> hostRejects(run, "udp-host") >= counted);
      }
    }
    return real;
  }

  private static long hostRejects(ListenerProcess run, String host) {
    try {
      CounterSnapshot c = HostsFile.readCounts(run.statFile.resolveSibling("mailstat.hosts")).get(host);
      return c == null ? 0 : c.get(Category.REJECTED);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void waitFor(Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.call()) {
      assertThat(System.nanoTime()).as("UDP round not counted in 30 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
