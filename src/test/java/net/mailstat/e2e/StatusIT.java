package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailstat status} against a real {@code mailstat run}: healthy, a source missing, a source
 * hung on a FIFO, the state directory read-only, the daemon (and its agent) killed; with exit codes.
 */
class StatusIT {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();
  private Path mount;

  @AfterEach
  void stop() throws Exception {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (mount != null) {
      sh("umount", "-l", mount.toString());
    }
  }


  /** Starts run with an agent on a free port (another one if a race took it) and the web page; waits for its status file. */
  private Process run(Path stateDir, String... logs) throws Exception {
    for (int attempt = 0; attempt < 3; attempt++) {
      List<String> args = new ArrayList<>(List.of("run", "--snmp", "udp:127.0.0.1/" + LoopbackPorts.freeUdpPort(), "--web",
          "127.0.0.1:0", "--rrd-dir", dir.resolve("rrd").toString(), "--stat-file", dir.resolve("mailstat").toString(),
          "--state-dir", stateDir.toString(), "--backfill"));
      for (String log : logs) {
        args.addAll(List.of("--log", log));
      }
      Path out = dir.resolve("run-" + attempt + ".out");
      Process p = MailstatJar.start(out, args.toArray(String[]::new));
      started.add(p);
      Path status = stateDir.resolve("mailstat.all.status");
      if (Poll.until(Duration.ofSeconds(30), () -> !p.isAlive() || Files.exists(status))) {
        if (p.isAlive()) {
          return p;
        }
      }
      assertThat(Files.readString(out)).as("run failed other than on a taken port").contains("cannot listen");
    }
    throw new AssertionError("run did not start");
  }

  private MailstatJar.Result status(String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("status", "--stat-file", dir.resolve("mailstat").toString(),
        "--state-dir", dir.resolve("state").toString()));
    args.addAll(List.of(more));
    return MailstatJar.run(Duration.ofSeconds(60), args.toArray(String[]::new));
  }

  private MailstatJar.Result awaitStatus(java.util.function.Predicate<MailstatJar.Result> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    MailstatJar.Result r = status();
    while (!done.test(r) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      r = status();
    }
    return r;
  }

  /** Appends 40 more flows to {@code log} and waits until the stat file counts all of its flows. */
  private void trafficCounted(TrafficLog log, Path statFile) throws Exception {
    log.append(40);
    CounterSnapshot expected = log.expected();
    assertThat(Poll.until(Duration.ofSeconds(30), () -> expected.equals(StatFiles.counts(statFile))))
        .as("counted %s, expected %s", StatFiles.counts(statFile), expected).isTrue();
  }

  @Test
  void aHealthyInstanceExitsZeroAndShowsItsSourcesCountersAndAnsweringListeners() throws Exception {
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 3);
    log.append(1);
    run(dir.resolve("state"), dir.resolve("mail.log").toString());
    log.append(40);
    CounterSnapshot expected = log.expected();
    assertThat(Poll.until(Duration.ofSeconds(30),
        () -> expected.equals(StatFiles.counts(dir.resolve("mailstat"))))).isTrue();

    MailstatJar.Result r = awaitStatus(s -> s.exitCode() == 0 && s.stdout().contains("0 bytes behind"));
    MailstatJar.Result json = status("--format=json");

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).startsWith("mailstat status: healthy\n")
        .containsPattern("  sent +" + expected.get(Category.SENT) + "\n")
        .containsPattern("  received +" + expected.get(Category.RECEIVED) + "\n")
        .contains("instance mailstat.all: running")
        .containsPattern(dir.resolve("mail.log") + "  following, offset \\d+, 0 bytes behind, last line \\d+ s ago")
        .containsPattern("snmp udp:127.0.0.1/\\d+  answers")
        .containsPattern("web http://127.0.0.1:\\d+/  answers")
        .contains("owns: sent received bounced rejected virus spam delivered greylisted delayed")
        .contains("rrd: " + dir.resolve("rrd").resolve("mailstat.rrd"));
    assertThat(json.exitCode()).isZero();
    assertThat(json.stdout()).startsWith("{\"healthy\": true, ").contains("\"problems\": []")
        .contains("\"sent\": " + expected.get(Category.SENT) + ",").contains("\"state\": \"following\"")
        .contains("\"answers\": true");
  }

  @Test
  void theMailLinesNoRuleMatchedAreListedByShapeForTheRunningDaemon() throws Exception {
    Path mailLog = dir.resolve("mail.log");
    TrafficLog log = new TrafficLog(mailLog, 3);
    log.append(1);
    run(dir.resolve("state"), mailLog.toString());
    StringBuilder odd = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      odd.append(String.format("Nov 23 18:00:%02d mx postfix/smtpd[%d]: warning: hostname c%d.example.com does not"
          + " resolve to address 198.51.100.%d: Name or service not known%n", i, 4000 + i, i, i));
    }
    for (int i = 0; i < 5; i++) {
      odd.append(String.format("Nov 23 18:01:%02d mx postfix/smtpd[%d]: improper command pipelining after EHLO from"
          + " x%d.example.net[192.0.2.%d]: QUIT%n", i, 5000 + i, i, i));
    }
    Files.writeString(mailLog, odd, java.nio.file.StandardOpenOption.APPEND);

    MailstatJar.Result r = awaitStatus(s -> s.stdout().contains("improper command pipelining"));
    MailstatJar.Result json = status("--format=json");

    assertThat(r.stdout()).as(r.stdout())
        .containsPattern("mail lines no rule matched: \\d+ in all \\d+ lines read since start; the most frequent")
        .containsPattern(" +12  postfix/smtpd: warning: hostname HOST does not resolve to address IP: Name or service"
            + " not known\n +e\\.g\\. Nov 23 18:00:00 mx postfix/smtpd\\[4000]: warning: hostname c0\\.example\\.com")
        .containsPattern(" +5  postfix/smtpd: improper command pipelining after EHLO from HOST\\[IP]: QUIT\n");
    assertThat(json.stdout()).containsPattern("\"unmatched\": \\{\"lines\": \\d+, \"sampled\": \\d+, ")
        .contains("{\"count\": 12, \"over_count\": 0, \"shape\": \"postfix/smtpd: warning: hostname HOST does not");
  }

  @Test
  void aMissingSourceIsUnhealthyWithTheReason() throws Exception {
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 3);
    log.append(1);
    run(dir.resolve("state"), dir.resolve("mail.log").toString(), dir.resolve("gone.log").toString());

    MailstatJar.Result r = awaitStatus(s -> s.stderr().contains("gone.log"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).startsWith("mailstat: unhealthy: ").doesNotContain("\n")
        .contains("source " + dir.resolve("gone.log") + " is waiting: ")
        .contains("no such file (waiting for it)");
    assertThat(r.stdout()).contains(dir.resolve("gone.log") + "  waiting, ");
  }

  @Test
  void aSourceHungOnAFifoIsReportedHung() throws Exception {
    Path fifo = dir.resolve("hung.log");
    sh("mkfifo", fifo.toString());
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 3);
    log.append(1);
    run(dir.resolve("state"), fifo.toString(), dir.resolve("mail.log").toString());
    trafficCounted(log, dir.resolve("mailstat"));

    MailstatJar.Result r = awaitStatus(s -> s.stderr().contains("is hung"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("source " + fifo + " is hung");
    assertThat(r.stdout()).contains(fifo + "  hung, ").contains(dir.resolve("mail.log") + "  following, ");
  }

  @Test
  void aReadOnlyStateDirectoryIsUnhealthy() throws Exception {
    mount = Files.createDirectories(dir.resolve("state"));
    sh("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 3);
    log.append(1);
    run(mount, dir.resolve("mail.log").toString());
    assertThat(status().exitCode()).isZero();

    sh("mount", "-o", "remount,ro", mount.toString());
    log.append(10);
    MailstatJar.Result r = awaitStatus(s -> s.exitCode() != 0);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("has not written its status for").contains("state directory is not writable");
  }

  @Test
  void aKilledDaemonAndItsAgentAreReportedDown() throws Exception {
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 3);
    log.append(1);
    Process p = run(dir.resolve("state"), dir.resolve("mail.log").toString());
    assertThat(awaitStatus(s -> s.exitCode() == 0).exitCode()).isZero();

    p.destroyForcibly();
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
    MailstatJar.Result r = status();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("instance mailstat.all is not running (pid " + p.pid() + " is gone");
    assertThat(r.stdout()).contains("instance mailstat.all: NOT RUNNING")
        .containsPattern("snmp udp:127.0.0.1/\\d+  not asked: the instance is not running");
  }

  @Test
  void noInstallationAtAllIsUnhealthyNotAStackTrace() throws Exception {
    MailstatJar.Result r = status();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).startsWith("mailstat: unhealthy: ").doesNotContain("\n")
        .doesNotContain("Exception");
  }

  private static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("%s: %s", String.join(" ", cmd), output).isZero();
  }
}
