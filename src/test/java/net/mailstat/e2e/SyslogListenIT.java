package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.demo.DemoTraffic;
import net.mailstat.state.StatLine;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mailstat run --listen` receiving from util-linux's logger (RFC 3164 and 5424, UDP, TCP with LF
 * and with octet counting) and from a client of our own sending a whole day of generated mail
 * flows; the stat file must reach exactly what was sent.
 */
class SyslogListenIT {
  private static final String REJECT = "NOQUEUE: reject: RCPT from unknown[198.51.100.7]: 554 5.7.1"
      + " <bob@example.org>: Relay access denied; from=<spam@example.net> to=<bob@example.org> proto=ESMTP helo=<x>";

  @TempDir Path dir;

  @Test
  void countsWhatLoggerAndABusyTcpSenderSend() throws Exception {
    int udp = LoopbackPorts.freeUdpPort();
    int tcp = LoopbackPorts.freeTcpPort();
    Path statFile = dir.resolve("mailstat");
    Process run = start(udp, tcp);
    try {
      awaitStatFile(statFile);
      awaitListening(tcp);
      DemoTraffic traffic = new DemoTraffic(4, "mx7", ZoneId.of("UTC"));
      int lines = sendFlows(traffic, tcp, 2000);
      int perMode = 5;
      logger(perMode, "--udp", "--rfc3164", "--port", String.valueOf(udp));
      logger(perMode, "--udp", "--rfc5424", "--port", String.valueOf(udp));
      logger(perMode, "--tcp", "--rfc3164", "--port", String.valueOf(tcp));
      logger(perMode, "--tcp", "--rfc5424", "--octet-count", "--port", String.valueOf(tcp));
      CounterSnapshot sent = traffic.expected().snapshot();
      CounterSnapshot expected = sent.with(Category.REJECTED, sent.get(Category.REJECTED) + 4 * perMode);
      long expectedLines = lines + 4L * perMode;
      boolean reached = Poll.until(Duration.ofSeconds(30),
          () -> expected.equals(counts(statFile)) && expectedLines == field(statFile, "lines"));
      assertThat(reached).as("counted %s in %d lines, expected %s in %d lines; log: %s", counts(statFile),
          field(statFile, "lines"), expected, expectedLines, Files.readString(dir.resolve("run.out"))).isTrue();
      // per-host counters come from the hostname in each message: the generated host and logger's
      // (written short or fully qualified depending on the RFC: summed over every other host)
      assertThat(Poll.until(Duration.ofSeconds(10), () -> rejectedOnOtherHosts(statFile, "mx7") == 4 * perMode
          && expected.get(Category.REJECTED) - 4 * perMode == rejectedOn(statFile, "mx7")))
          .as("hosts side file: %s", readHosts(statFile)).isTrue();

      run.destroy();
      assertThat(run.waitFor()).isIn(0, 143);
      run = start(udp, tcp);
      awaitListening(tcp);
      logger(1, "--tcp", "--rfc5424", "--port", String.valueOf(tcp));
      CounterSnapshot after = expected.with(Category.REJECTED, expected.get(Category.REJECTED) + 1);
      assertThat(Poll.until(Duration.ofSeconds(30), () -> after.equals(counts(statFile))))
          .as("after a restart the counts go on from the checkpoint: %s", counts(statFile)).isTrue();
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  @Test
  void aTakenPortIsExitOneAndABadAddressAUsageErrorEachInOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      MailstatJar.Result r = MailstatJar.run(Duration.ofSeconds(30), "run", "--no-snmp", "--no-rrd", "--no-web", "--listen",
          "tcp:127.0.0.1:" + taken.getLocalPort(), "--stat-file", dir.resolve("s").toString(), "--state-dir",
          dir.resolve("state").toString());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr().strip()).startsWith("mailstat: cannot listen on tcp:127.0.0.1:" + taken.getLocalPort() + ": ")
          .doesNotContain("\n");
    }
    MailstatJar.Result bad = MailstatJar.run(Duration.ofSeconds(30), "run", "--no-snmp", "--no-rrd", "--no-web", "--listen", "tcp:mail.example.com:514",
        "--stat-file", dir.resolve("s").toString(), "--state-dir", dir.resolve("state").toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr().strip())
        .isEqualTo("mailstat: --listen: listen address 'tcp:mail.example.com:514': host must be a numeric IP address");
  }

  private Process start(int udp, int tcp) throws IOException {
    return MailstatJar.start(dir.resolve("run.out"), "run", "--no-snmp", "--no-rrd", "--no-web", "--listen", "udp:127.0.0.1:" + udp, "--listen",
        "tcp:" + tcp, "--stat-file", dir.resolve("mailstat").toString(), "--state-dir", dir.resolve("state").toString(),
        "--commit-interval", "100");
  }

  private static void awaitStatFile(Path statFile) throws InterruptedException {
    assertThat(Poll.until(Duration.ofSeconds(30), () -> counts(statFile) != null)).isTrue();
  }

  /** Waits until the TCP listener accepts (the UDP one is bound before it, in --listen order). */
  private static void awaitListening(int tcp) throws InterruptedException {
    assertThat(Poll.until(Duration.ofSeconds(30), () -> {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    })).isTrue();
  }

  /** Sends {@code flows} flows on one connection, alternating LF and octet-counting framing. */
  private static int sendFlows(DemoTraffic traffic, int port, int flows) throws IOException {
    Instant clock = Instant.parse("2026-03-01T10:00:00Z");
    int lines = 0;
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
      for (int f = 0; f < flows; f++) {
        clock = clock.plusSeconds(1);
        for (String line : traffic.nextFlow(clock)) {
          byte[] frame = ("<22>" + line).getBytes(StandardCharsets.UTF_8);
          if (lines++ % 2 == 0) {
            out.write((frame.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(frame);
          } else {
            out.write(frame);
            out.write('\n');
          }
        }
      }
    }
    return lines;
  }

  private void logger(int messages, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("logger", "--server", "127.0.0.1", "--tag", "postfix/smtpd",
        "--id=4242", "--priority", "mail.info"));
    cmd.addAll(List.of(options));
    Path input = dir.resolve("logger.in");
    Files.writeString(input, (REJECT + "\n").repeat(messages));
    Process p = new ProcessBuilder(cmd).redirectInput(input.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("logger %s: %s", cmd, out).isZero();
  }



  private static List<String> readHosts(Path statFile) {
    try {
      return Files.readAllLines(statFile.resolveSibling(statFile.getFileName() + ".hosts"));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static long rejected(String hostLine) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(" rejected:(\\d+)").matcher(hostLine);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static long rejectedOn(Path statFile, String host) {
    return readHosts(statFile).stream().filter(l -> l.startsWith(host + " ")).mapToLong(SyslogListenIT::rejected).sum();
  }

  private static long rejectedOnOtherHosts(Path statFile, String host) {
    return readHosts(statFile).stream().filter(l -> !l.startsWith(host + " ")).mapToLong(SyslogListenIT::rejected)
        .sum();
  }

  static CounterSnapshot counts(Path statFile) {
    try {
      return StatLine.counts(StatLine.parseFields(Files.readString(statFile)));
    } catch (Exception e) {
      return null;
    }
  }

  static long field(Path statFile, String name) {
    try {
      return StatLine.parseFields(Files.readString(statFile)).getOrDefault(name, -1L);
    } catch (Exception e) {
      return -1;
    }
  }
}
