package net.mailstat.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import net.mailstat.demo.DemoTraffic;
import net.mailstat.state.StatLine;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;

/**
 * Whole-process benchmark of `mailstat run --listen` on loopback (run by scripts/bench-syslog).
 * TCP: several connections send generated Postfix/amavis traffic as fast as the listener takes
 * it; the figure is lines counted per second, from the first byte sent to the stat file showing
 * every line (zero loss is checked, not assumed). UDP: datagrams paced at fixed rates; the figure
 * is the share that never reached the stat file.
 */
public final class SyslogIngestBench {
  private static final int BLOCK_LINES = 100_000;

  private SyslogIngestBench() {}

  public static void main(String[] args) throws Exception {
    long tcpLines = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int udpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int udpSenders = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<byte[]> lines = generate();
    int tcp = LoopbackPorts.freeTcpPort();
    int udp = LoopbackPorts.freeUdpPort();
    Path dir = Files.createTempDirectory("mailstat-bench-syslog");
    Path stat = dir.resolve("mailstat");
    Process run = MailstatJar.start(dir.resolve("run.out"), extraFlags("run", "--listen", "tcp:127.0.0.1:" + tcp,
        "--listen", "udp:127.0.0.1:" + udp, "--stat-file", stat.toString(), "--state-dir",
        dir.resolve("state").toString(), "--commit-interval", "100"));
    try {
      waitFor(() -> lines(stat) >= 0 && accepts(tcp), 30_000);
      tcp(lines, tcp, stat, Math.min(tcpLines, 300_000), connections, false); // warm-up: JIT, page cache
      tcp(lines, tcp, stat, tcpLines, connections, true);
      for (int rate : new int[] {50_000, 100_000, 200_000, 400_000}) {
        udp(lines, udp, stat, rate, udpSeconds, udpSenders);
      }
      System.out.printf("mailstat process CPU time: %.1f s; max RSS %d MiB%n", cpuTicks(run.pid()) / 100.0,
          maxRssKib(run.pid()) / 1024);
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  private static String[] extraFlags(String... args) throws Exception {
    List<String> out = new ArrayList<>(List.of(args));
    MailstatJar.Result help = MailstatJar.run(java.time.Duration.ofSeconds(30), "run", "--help");
    for (String flag : new String[] {"--no-snmp", "--no-web", "--no-rrd"}) {
      if (help.stdout().contains(flag)) {
        out.add(1, flag); // the listener is measured, not the exporters
      }
    }
    return out.toArray(String[]::new);
  }

  private static void tcp(List<byte[]> lines, int port, Path stat, long total, int connections, boolean report)
      throws Exception {
    long before = lines(stat);
    long perConnection = total / connections;
    long sent = perConnection * connections;
    List<Thread> senders = new ArrayList<>();
    long start = System.nanoTime();
    long[] sendDone = new long[connections];
    for (int c = 0; c < connections; c++) {
      int index = c;
      Thread t = new Thread(() -> {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            OutputStream out = s.getOutputStream()) {
          byte[] block = frames(lines, index % 2 == 1);
          long left = perConnection;
          while (left > 0) {
            int n = (int) Math.min(left, BLOCK_LINES);
            if (n == BLOCK_LINES) {
              out.write(block);
            } else {
              out.write(frames(lines.subList(0, n), index % 2 == 1));
            }
            left -= n;
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        sendDone[index] = System.nanoTime();
      });
      senders.add(t);
      t.start();
    }
    for (Thread t : senders) {
      t.join();
    }
    waitFor(() -> lines(stat) >= before + sent, 600_000);
    long end = System.nanoTime();
    long counted = lines(stat) - before;
    double seconds = (end - start) / 1e9;
    if (report) {
      System.out.printf("TCP, %d connections (LF and octet-counted framing), %,d lines: counted %,d (lost %d)"
          + " in %.2f s = %,.0f lines/s (target >= 200,000 lines/s: %.2fx)%n", connections, sent, counted,
          sent - counted, seconds, sent / seconds, sent / seconds / 200_000);
    }
  }

  private static void udp(List<byte[]> lines, int port, Path stat, int rate, int seconds, int threads)
      throws Exception {
    long before = lines(stat);
    long kernelDropsBefore = udpReceiveBufferErrors();
    long total = (long) rate * seconds;
    InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    long start = System.nanoTime();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread sender = new Thread(() -> {
        try (DatagramChannel ch = DatagramChannel.open()) {
          ch.connect(to);
          ByteBuffer buf = ByteBuffer.allocate(2048);
          for (long i = first; i < total; i += threads) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 200_000) {
              LockSupport.parkNanos(wait);
            }
            buf.clear();
            buf.put(lines.get((int) (i % lines.size()))).flip();
            ch.write(buf);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      senders.add(sender);
      sender.start();
    }
    for (Thread t : senders) {
      t.join();
    }
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    // counted lines stop changing: everything that made it is in
    long last = -1;
    long current = lines(stat);
    while (current != last) {
      last = current;
      Thread.sleep(700);
      current = lines(stat);
    }
    long counted = current - before;
    System.out.printf("UDP, %d sender thread(s), at %,d lines/s for %d s (sent in %.2f s, %,.0f lines/s reached): %,d sent, %,d counted,"
        + " loss %.3f %% (kernel receive-buffer drops on this machine meanwhile: %,d)%n", threads, rate, seconds,
        sendSeconds,
        total / sendSeconds, total,
        counted, 100.0 * (total - counted) / total, udpReceiveBufferErrors() - kernelDropsBefore);
  }

  /** One block of generated traffic, each line with a syslog priority as a sender writes it. */
  private static List<byte[]> generate() {
    DemoTraffic traffic = new DemoTraffic(3, "mx1", ZoneId.of("UTC"));
    Instant clock = Instant.parse("2026-11-23T00:00:00Z");
    List<byte[]> out = new ArrayList<>();
    while (out.size() < BLOCK_LINES) {
      clock = clock.plusSeconds(1);
      for (String line : traffic.nextFlow(clock)) {
        if (out.size() < BLOCK_LINES) {
          out.add(("<22>" + line).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static byte[] frames(List<byte[]> lines, boolean octetCounting) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      if (octetCounting) {
        out.writeBytes((line.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(line);
      } else {
        out.writeBytes(line);
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  private static long lines(Path stat) {
    try {
      return StatLine.parseFields(Files.readString(stat)).getOrDefault("lines", -1L);
    } catch (Exception e) {
      return -1;
    }
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
    if (!Poll.until(java.time.Duration.ofMillis(millis), condition)) {
      throw new IllegalStateException("condition not reached in " + millis + " ms");
    }
  }

  /** RcvbufErrors of /proc/net/snmp: datagrams the kernel dropped because a socket buffer was full. */
  private static long udpReceiveBufferErrors() throws IOException {
    List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp:")).toList();
    List<String> names = List.of(udp.get(0).split("\\s+"));
    return Long.parseLong(udp.get(1).split("\\s+")[names.indexOf("RcvbufErrors")]);
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long maxRssKib(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
