package net.mailstat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.Rrdtool;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mailstat in place of Debian's {@code /usr/sbin/mailgraph} (the package's launcher
 * src/deb/mailgraph.sh): Debian's own {@code /etc/init.d/mailgraph} starts, finds and stops it, a
 * virus instance started with the two-instance start line shares one stat file with it, the
 * rrdtool files the real mailgraph made are continued, and Debian's {@code mailgraph.cgi} draws them.
 * The test replaces /usr/sbin/mailgraph, /etc/default/mailgraph and /var/lib/mailgraph while it runs
 * and puts the package's back afterwards; a run that was killed leaves them aside under
 * {@value #ASIDE}, and the next run puts them back first.
 */
class MailgraphDropInIT {
  private static final Path DAEMON = Path.of("/usr/sbin/mailgraph");
  private static final Path INIT_SCRIPT = Path.of("/etc/init.d/mailgraph");
  private static final Path DEFAULTS = Path.of("/etc/default/mailgraph");
  private static final Path RRD_DIR = Path.of("/var/lib/mailgraph");
  private static final Path CGI = Path.of("/usr/share/mailgraph/mailgraph.cgi");
  /** Where the init script and start-stop-daemon keep the pids (the script's PID_FILE). */
  private static final Path MAIL_PID = Path.of("/run/mailgraph.pid");
  private static final Path VIRUS_PID = Path.of("/run/mailgraph-virus.pid");
  private static final String ASIDE = ".mailstat-test-orig";
  private static final Path LAUNCHER = Path.of("src/deb/mailgraph.sh").toAbsolutePath();
  private static final Path MAILSTAT_LAUNCHER = Path.of("src/deb/mailstat.sh").toAbsolutePath();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** 2026-03-01 10:00 UTC, where TrafficLog's flows start. */
  private static final long TEN = 1772359200L;

  @TempDir Path dir;
  private final List<ProcessHandle> started = new ArrayList<>();

  @BeforeEach
  void takeThePackagesFilesAside() throws Exception {
    assertThat(System.getProperty("user.name")).as("this test replaces /usr/sbin/mailgraph: run it as root")
        .isEqualTo("root");
    putBackWhatAnEarlierRunLeftAside();
    for (Path needed : List.of(DAEMON, INIT_SCRIPT, CGI)) {
      assertThat(needed).as("Debian's mailgraph package (scripts/test-deps/mailgraph-dropin.list)").exists();
    }
    assertThat(MAIL_PID).as("a mailgraph is running here; this test would replace it").doesNotExist();
    assertThat(VIRUS_PID).as("a mailgraph virus instance is running here").doesNotExist();
    for (Path p : List.of(DAEMON, DEFAULTS, RRD_DIR)) {
      if (Files.exists(p)) {
        Files.move(p, aside(p));
      }
    }
    Files.createDirectories(RRD_DIR);
  }

  @AfterEach
  void stopWhatWasStartedAndPutThePackagesFilesBack() throws Exception {
    for (ProcessHandle p : started) {
      p.destroy();
    }
    for (ProcessHandle p : started) {
      if (!Poll.until(TIMEOUT, () -> !p.isAlive())) {
        p.destroyForcibly();
      }
    }
    for (Path pid : List.of(MAIL_PID, VIRUS_PID)) {
      Files.deleteIfExists(pid);
    }
    putBackWhatAnEarlierRunLeftAside();
  }

  private static Path aside(Path p) {
    return p.resolveSibling(p.getFileName() + ASIDE);
  }

  private static void putBackWhatAnEarlierRunLeftAside() throws IOException {
    for (Path p : List.of(DAEMON, DEFAULTS, RRD_DIR)) {
      if (Files.exists(aside(p))) {
        deleteTree(p);
        Files.move(aside(p), p);
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  @Test
  void debiansInitScriptRunsItAVirusInstanceSharesTheStatFileAndMailgraphCgiDrawsTheContinuedFiles()
      throws Exception {
    // History from the real mailgraph: 10:00-10:16, every 8-minute row of the day archive closed.
    Path oldLog = dir.resolve("old.log");
    TrafficLog old = new TrafficLog(oldLog, 1);
    old.append(1020);
    Sh real = Sh.run(List.of("perl", aside(DAEMON).toString(), "-c", "-l", oldLog.toString(),
        "--daemon-rrd=" + RRD_DIR), Map.of("TZ", "UTC"));
    assertThat(real.exitCode()).as(real.toString()).isZero();
    Path mailRrd = RRD_DIR.resolve("mailgraph.rrd");
    Path virusRrd = RRD_DIR.resolve("mailgraph_virus.rrd");
    long oldEnd = TEN + 16 * 60;
    Map<String, Long> oldMail = Rrdtool.totals(mailRrd, TEN, oldEnd);
    Map<String, Long> oldVirus = Rrdtool.totals(virusRrd, TEN, oldEnd);
    assertThat(oldMail.get("sent")).as("the real mailgraph's history").isPositive();

    // New traffic from 10:32, a mail log and a virus log, each with a last line at 11:00.
    Path mailLog = later(dir.resolve("mail.log"), 2, LAST_REJECT);
    Path virusLog = later(dir.resolve("virus.log"), 3, LAST_VIRUS);
    Path stat = dir.resolve("stat");
    String common = "--timezone=UTC --stat-file=" + stat + " --state-dir=" + dir.resolve("state");
    Files.writeString(DEFAULTS, "BOOT_START=\"true\"\nMAIL_LOG=\"" + mailLog + "\"\nIGNORE_LOCALHOST=\"false\"\n"
        + "EXTRA_OPTIONS=\"--only-mail-rrd " + common + " --daemon-log=" + dir.resolve("mailgraph.log") + "\"\n");
    Files.copy(LAUNCHER, DAEMON);
    Files.setPosixFilePermissions(DAEMON, PosixFilePermissions.fromString("rwxr-xr-x"));

    Sh start = initScript("start");
    assertThat(start.exitCode()).as(start.toString()).isZero();
    ProcessHandle mail = awaitDaemon(MAIL_PID);
    Sh status = initScript("status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("mailgraph is running");
    Sh again = initScript("start");
    assertThat(again.exitCode()).as(again.toString()).isNotZero();
    assertThat(again.out()).contains("already running");

    // The second instance as the two-instance set-ups start it, with mailgraph's own spellings.
    Sh virusStart = Sh.run(List.of("start-stop-daemon", "--start", "--quiet", "--background", "--pidfile",
        VIRUS_PID.toString(), "--exec", DAEMON.toString(), "--", "--logfile", virusLog.toString(), "--daemon",
        "--daemon_pid=" + VIRUS_PID, "--daemon_rrd=" + RRD_DIR, "--only-virus-rrd", "--timezone=UTC",
        "--stat-file=" + stat, "--state-dir=" + dir.resolve("state"),
        "--daemon_log=" + dir.resolve("mailgraph-virus.log")), environment());
    assertThat(virusStart.exitCode()).as(virusStart.toString()).isZero();
    ProcessHandle virus = awaitDaemon(VIRUS_PID);

    Map<String, Long> fromMail = StatFiles.parsedAsMailgraph(mailLog);
    Map<String, Long> fromVirus = StatFiles.parsedAsMailgraph(virusLog);
    assertThat(fromMail.get("sent")).isPositive();
    assertThat(fromVirus.get("virus")).isPositive();
    assertThat(Poll.until(TIMEOUT, () -> Files.exists(stat)
        && StatFiles.field(stat, "sent") == fromMail.get("sent")
        && StatFiles.field(stat, "virus") == fromVirus.get("virus")))
        .as("both instances counted (log: %s)", daemonLogs()).isTrue();
    assertThat(cgi("0-n")).as("mailgraph.cgi's day graph while both run").startsWith(PNG);

    Sh stop = initScript("stop");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    Sh virusStop = Sh.run("start-stop-daemon", "--stop", "--pidfile", VIRUS_PID.toString());
    assertThat(virusStop.exitCode()).as(virusStop.toString()).isZero();
    assertThat(Poll.until(TIMEOUT, () -> !mail.isAlive() && !virus.isAlive())).as("stopped").isTrue();
    Sh stopped = initScript("status");
    assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(3);
    assertThat(stopped.out()).contains("mailgraph is not running");

    Map<String, Long> counted = StatFiles.fields(stat);
    for (String key : List.of("sent", "received", "bounced", "rejected", "greylisted", "delayed")) {
      assertThat(counted.get(key)).as(key + " from the mail instance").isEqualTo(fromMail.get(key));
    }
    for (String key : List.of("virus", "spam")) {
      assertThat(counted.get(key)).as(key + " from the virus instance").isEqualTo(fromVirus.get(key));
    }

    for (Path rrd : List.of(mailRrd, virusRrd)) {
      assertThat(Files.readString(rrd, StandardCharsets.ISO_8859_1)).as(rrd + " still rrdtool's").startsWith("RRD\0");
    }
    assertThat(Rrdtool.totals(mailRrd, TEN, oldEnd)).as("the old history, unchanged").isEqualTo(oldMail);
    assertThat(Rrdtool.totals(virusRrd, TEN, oldEnd)).as("the old virus history, unchanged").isEqualTo(oldVirus);
    Map<String, Long> newMail = Rrdtool.totals(mailRrd, oldEnd, TEN + 7200);
    assertThat(newMail).as("the new minutes, by rrdtool fetch")
        .containsEntry("sent", fromMail.get("sent"))
        .containsEntry("recv", fromMail.get("received"))
        .containsEntry("bounced", fromMail.get("bounced"))
        // The 11:00 reject (and the virus log's 11:00 virus) is written (as the minute to 11:01), but rrdtool consolidates its 8-minute
        // row only once an update passes 11:04, as with mailgraph.
        .containsEntry("rejected", fromMail.get("rejected") - 1);
    for (Path rrd : List.of(mailRrd, virusRrd)) {
      assertThat(Rrdtool.lastUpdate(rrd)).as(rrd + ": the last minute written at the stop").isEqualTo(TEN + 3660);
    }
    assertThat(Rrdtool.totals(virusRrd, oldEnd, TEN + 7200)).as("the new virus minutes: %s\n%s",
        Rrdtool.run("fetch", virusRrd.toString(), "AVERAGE", "-r", "480", "-s", Long.toString(TEN), "-e",
            Long.toString(TEN + 7200)), daemonLogs())
        .containsEntry("virus", fromVirus.get("virus") - 1)
        .containsEntry("spam", fromVirus.get("spam"));

    for (String graph : List.of("0-n", "0-e", "0-g", "1-n", "2-e", "3-n")) {
      assertThat(cgi(graph)).as("mailgraph.cgi?" + graph).startsWith(PNG);
    }
  }

  private static final String PNG = "\u0089PNG\r\n\u001a\n";

  private static final String LAST_REJECT = "Mar  1 11:00:00 mail postfix/smtpd[99]: NOQUEUE: reject: RCPT from"
      + " x.example[192.0.2.9]: 554 5.7.1 <a@example.org>: Relay access denied; from=<x@example.net>"
      + " to=<a@example.org> proto=ESMTP helo=<x>\n";
  private static final String LAST_VIRUS = "Mar  1 11:00:00 mail amavis[4711]: (04711-01) Blocked INFECTED"
      + " (Eicar-Signature) {DiscardedInbound,Quarantined}, [198.51.100.9]:4711 <x@example.net> -> <a@example.org>,"
      + " Queue-ID: 4AB12C3D4E, Message-ID: <4AB12C3D4E@example.net>, mail_id: xYz123, Hits: -, size: 2300, 980 ms\n";

  /**
   * A log of 300 flows from 10:32 (after the real mailgraph's history) and {@code lastLine} at
   * 11:00: an event of the instance reading it, so the minutes between are written as quiet ones.
   */
  private static Path later(Path file, long seed, String lastLine) throws IOException {
    TrafficLog log = new TrafficLog(file, seed);
    log.next(1920);
    log.append(300);
    Files.writeString(file, lastLine, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return file;
  }

  /** The launcher finds mailstat in this checkout; the init script passes the environment on. */
  private static Map<String, String> environment() {
    return Map.of("MAILSTAT", MAILSTAT_LAUNCHER.toString(), "MAILSTAT_JAR", MailstatJar.JAR.toString(),
        "JAVA", ProcessHandle.current().info().command().orElse("java"));
  }

  private static Sh initScript(String action) throws IOException, InterruptedException {
    return Sh.run(List.of(INIT_SCRIPT.toString(), action), environment());
  }

  /** Waits for the pid file the daemon writes and returns the process it names (ours, the jar's). */
  private ProcessHandle awaitDaemon(Path pidFile) throws Exception {
    assertThat(Poll.until(TIMEOUT, () -> pidIn(pidFile).isPresent()))
        .as("%s written (log: %s)", pidFile, daemonLogs()).isTrue();
    ProcessHandle daemon = ProcessHandle.of(pidIn(pidFile).orElseThrow()).orElseThrow();
    assertThat(daemon.info().commandLine().orElse("")).contains(MailstatJar.JAR.toString());
    started.add(daemon);
    return daemon;
  }

  private static Optional<Long> pidIn(Path pidFile) {
    try {
      String text = Files.readString(pidFile).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private String daemonLogs() {
    StringBuilder sb = new StringBuilder();
    for (String name : List.of("mailgraph.log", "mailgraph-virus.log")) {
      try {
        sb.append(name).append(": ").append(Files.readString(dir.resolve(name))).append('\n');
      } catch (IOException e) {
        sb.append(name).append(": none\n");
      }
    }
    return sb.toString();
  }

  /** Runs mailgraph.cgi as a web server would for {@code query}; returns the body (ISO-8859-1). */
  private static String cgi(String query) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("perl", CGI.toString()).redirectErrorStream(false);
    pb.environment().putAll(Map.of("REQUEST_METHOD", "GET", "QUERY_STRING", query,
        "REQUEST_URI", "/cgi-bin/mailgraph.cgi?" + query, "GATEWAY_INTERFACE", "CGI/1.1"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("mailgraph.cgi?%s: %s", query, err).isZero();
    String response = new String(out, StandardCharsets.ISO_8859_1);
    int body = response.indexOf("\n\n");
    assertThat(body).as("CGI headers: %s", response.substring(0, Math.min(200, response.length()))).isPositive();
    assertThat(response.substring(0, body)).contains("Content-type: image/png");
    return response.substring(body + 2);
  }


}
