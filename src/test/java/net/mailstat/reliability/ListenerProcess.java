package net.mailstat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;

/**
 * The real jar's {@code run --listen} on loopback ports of its own, for the listener's reliability
 * tests: starting it (optionally under {@code prlimit}), real reject lines to send, the counts and
 * the resident memory of the process.
 */
final class ListenerProcess implements AutoCloseable {
  final int tcpPort;
  final int udpPort;
  final Path statFile;
  final Path log;
  private final Process process;

  private ListenerProcess(Path dir, List<String> prefix, List<String> extra) throws IOException {
    this.tcpPort = LoopbackPorts.freeTcpPort();
    this.udpPort = LoopbackPorts.freeUdpPort();
    this.statFile = dir.resolve("mailstat");
    this.log = dir.resolve("run.out");
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of("java", "-Xmx256m", "-jar", MailstatJar.JAR.toString(), "run", "--no-snmp", "--no-rrd",
        "--no-web", "--listen", "tcp:127.0.0.1:" + tcpPort, "--listen", "udp:127.0.0.1:" + udpPort, "--stat-file",
        statFile.toString(), "--state-dir", dir.resolve("state").toString(), "--commit-interval", "20"));
    cmd.addAll(extra);
    this.process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** Starts {@code mailstat run} with both listeners and waits until TCP accepts. */
  static ListenerProcess start(Path dir, List<String> commandPrefix, String... extraArgs) throws Exception {
    ListenerProcess p = new ListenerProcess(dir, commandPrefix, List.of(extraArgs));
    // The stat file first: every probe is a connection, and under prlimit the first ones must not
    // pile up while the JVM still opens its own files.
    boolean up = Poll.until(Duration.ofSeconds(30), () -> StatFiles.counts(p.statFile) != null)
        && Poll.until(Duration.ofSeconds(30), () -> {
          try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), p.tcpPort)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
    assertThat(up).as("mailstat run did not start listening; log: %s", p.logText()).isTrue();
    return p;
  }

  /** A real Postfix reject line as a syslog message from {@code host} (RFC 3164, with PRI). */
  static String reject(String host, int n) {
    return "<22>Mar  1 10:00:00 " + host + " postfix/smtpd[" + (1000 + n % 30000) + "]: NOQUEUE: reject: RCPT from"
        + " unknown[198.51.100.7]: 554 5.7.1 <bob@example.org>: Relay access denied; from=<spam" + n
        + "@example.net> to=<bob@example.org> proto=ESMTP helo=<x>";
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  long rejected() {
    CounterSnapshot c = StatFiles.counts(statFile);
    return c == null ? -1 : c.get(Category.REJECTED);
  }

  long field(String name) {
    return StatFiles.field(statFile, name);
  }

  /** Lines skipped as overlong, summed over the sources of the checkpoint (not a stat-file field). */
  long overlong() {
    try (java.util.stream.Stream<Path> files = Files.list(statFile.resolveSibling("state"))) {
      long sum = 0;
      for (Path f : files.filter(f -> f.toString().endsWith(".checkpoint")).toList()) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^counts .* overlong:(\\d+)")
            .matcher(Files.readString(f));
        while (m.find()) {
          sum += Long.parseLong(m.group(1));
        }
      }
      return sum;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Waits until the stat file counts {@code n} rejects. */
  boolean awaitRejected(long n, Duration timeout) throws InterruptedException {
    return Poll.until(timeout, () -> rejected() == n);
  }

  /** The process's resident memory in KiB (VmRSS), or -1 once it has ended. */
  long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
