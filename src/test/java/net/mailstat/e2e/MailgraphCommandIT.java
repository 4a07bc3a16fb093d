package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.Rrdtool;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailstat mailgraph}: mailgraph 1.14's command line on a real log, once and as a daemon. */
class MailgraphCommandIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Counts one reject in mailgraph's way, half an hour after the traffic (2026-03-01 10:00 UTC on). */
  private static final String LAST_LINE = "Mar  1 11:00:00 mail postfix/smtpd[99]: NOQUEUE: reject: RCPT from"
      + " x.example[192.0.2.9]: 554 5.7.1 <a@example.org>: Relay access denied; from=<x@example.net>"
      + " to=<a@example.org> proto=ESMTP helo=<x>\n";

  @TempDir Path dir;

  private Path traffic(String name, long seed, int flows) throws IOException {
    TrafficLog log = new TrafficLog(dir.resolve(name), seed);
    log.append(flows);
    Files.writeString(log.file(), LAST_LINE, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return log.file();
  }



  /** Events per data source over the traffic's hours, by real rrdtool (the files are rrdtool's). */
  private Map<String, Double> rrdTotals(Path rrd) throws Exception {
    Map<String, Double> out = new TreeMap<>();
    Rrdtool.totals(rrd, 1772352000, 1772370000).forEach((k, v) -> out.put(k, (double) v));
    return out;
  }

  private List<String> mailgraph(String... args) {
    List<String> all = new ArrayList<>(List.of("mailgraph", "--timezone=UTC", "--stat-file",
        dir.resolve("stat").toString(), "--state-dir", dir.resolve("state").toString()));
    all.addAll(Arrays.asList(args));
    return all;
  }

  @Test
  void catCountsTheLogAsParseDoesIntoTheStatFileAndTheRrdsOnce() throws Exception {
    Path log = traffic("mail.log", 7, 1200);
    Map<String, Long> expected = StatFiles.parsedAsMailgraph(log);
    assertThat(expected.get("sent")).isPositive();
    Path rrdDir = dir.resolve("rrd");
    for (int run = 0; run < 2; run++) {
      MailstatJar.Result r = MailstatJar.run(TIMEOUT,
          mailgraph("-c", "-l", log.toString(), "--daemon-rrd", rrdDir.toString(), "--rrd-name", "mg").toArray(String[]::new));
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      Map<String, Long> stat = StatFiles.fields(dir.resolve("stat"));
      assertThat(stat).as("stat file after run %d (a second -c resumes: nothing new)", run + 1)
          .containsAllEntriesOf(expected);
    }
    Map<String, Double> mail = rrdTotals(rrdDir.resolve("mg.rrd"));
    // The last line's minute is never closed by a later one: its reject stays out of the archives.
    assertThat(mail).containsEntry("sent", (double) expected.get("sent"))
        .containsEntry("recv", (double) expected.get("received"))
        .containsEntry("bounced", (double) expected.get("bounced"))
        .containsEntry("rejected", (double) (expected.get("rejected") - 1));
    Map<String, Double> virus = rrdTotals(rrdDir.resolve("mg_virus.rrd"));
    assertThat(virus).containsEntry("virus", (double) expected.get("virus"))
        .containsEntry("spam", (double) expected.get("spam"));
    assertThat(rrdDir.resolve("mg_greylist.rrd")).exists();
  }

  @Test
  void aMailAndAVirusInstanceShareTheStatFileAndTheRrdDirectory() throws Exception {
    Path mailLog = traffic("mail.log", 11, 600);
    Path virusLog = traffic("virus.log", 12, 600);
    Path rrdDir = dir.resolve("rrd");
    MailstatJar.Result mail = MailstatJar.run(TIMEOUT, mailgraph("-c", "-l", mailLog.toString(), "--daemon-rrd",
        rrdDir.toString(), "--no-virus-rrd").toArray(String[]::new));
    assertThat(mail.exitCode()).as(mail.stderr()).isZero();
    MailstatJar.Result virus = MailstatJar.run(TIMEOUT, mailgraph("-c", "-l", virusLog.toString(), "--daemon-rrd",
        rrdDir.toString(), "--no-mail-rrd", "--no-greylist-rrd").toArray(String[]::new));
    assertThat(virus.exitCode()).as(virus.stderr()).isZero();
    Map<String, Long> fromMail = StatFiles.parsedAsMailgraph(mailLog);
    Map<String, Long> fromVirus = StatFiles.parsedAsMailgraph(virusLog);
    Map<String, Long> stat = StatFiles.fields(dir.resolve("stat"));
    for (String key : List.of("sent", "received", "bounced", "rejected", "greylisted", "delayed")) {
      assertThat(stat.get(key)).as(key + " from the mail instance").isEqualTo(fromMail.get(key));
    }
    for (String key : List.of("virus", "spam")) {
      assertThat(stat.get(key)).as(key + " from the virus instance").isEqualTo(fromVirus.get(key));
    }
    assertThat(rrdTotals(rrdDir.resolve("mailgraph_virus.rrd"))).containsEntry("virus", (double) fromVirus.get("virus"));
    assertThat(rrdTotals(rrdDir.resolve("mailgraph.rrd"))).containsEntry("sent", (double) fromMail.get("sent"));
  }

  @Test
  void anOldMailgraphRrdIsContinuedAsAnRrdtoolFile() throws Exception {
    Path rrdDir = Files.createDirectories(dir.resolve("rrd"));
    Path old = rrdDir.resolve("mailgraph.rrd");
    Rrdtool.createAsMailgraph(old, 1772352000, "sent", "recv", "bounced", "rejected");
    Rrdtool.run("update", old.toString(), "1772352060:5:6:0:0");
    Path log = traffic("mail.log", 3, 300);
    MailstatJar.Result r = MailstatJar.run(TIMEOUT,
        mailgraph("-c", "-l", log.toString(), "--daemon-rrd", rrdDir.toString()).toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.readString(old, StandardCharsets.ISO_8859_1)).startsWith("RRD\0");
    assertThat(Rrdtool.lastUpdate(old)).isGreaterThan(1772352060L);
    Map<String, Long> expected = StatFiles.parsedAsMailgraph(log);
    assertThat(Rrdtool.totals(old, 1772352000, 1772370000)).as("the old minute and the new ones")
        .containsEntry("sent", expected.get("sent") + 5)
        .containsEntry("recv", expected.get("received") + 6);
    assertThat(Files.readString(rrdDir.resolve("mailgraph_virus.rrd"), StandardCharsets.ISO_8859_1))
        .as("a missing file is made by rrdtool").startsWith("RRD\0");
  }

  @Test
  void anRrdtoolFileWithoutRrdtoolInstalledIsRefusedInOneLineAndLeftAlone() throws Exception {
    Path rrdDir = Files.createDirectories(dir.resolve("rrd"));
    Path old = rrdDir.resolve("mailgraph.rrd");
    Rrdtool.createAsMailgraph(old, 1772352000, "sent", "recv", "bounced", "rejected");
    byte[] before = Files.readAllBytes(old);
    Path log = traffic("mail.log", 3, 50);
    Path noRrdtool = Files.createDirectories(dir.resolve("bin"));
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-jar", MailstatJar.JAR.toString()));
    command.addAll(mailgraph("-c", "-l", log.toString(), "--daemon-rrd", rrdDir.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", noRrdtool.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isEqualTo(1);
    assertThat(out.strip()).startsWith("mailstat: ").contains(old + " is an rrdtool file")
        .contains("rrdtool is not installed (apt-get install rrdtool)").doesNotContain("\n")
        .doesNotContain("Exception");
    assertThat(Files.readAllBytes(old)).isEqualTo(before);
    assertThat(dir.resolve("stat")).as("nothing counted").doesNotExist();
  }

  @Test
  void daemonModeStartsInTheBackgroundFollowsTheLogAndStopsCleanly() throws Exception {
    Path log = traffic("mail.log", 5, 100);
    Path pid = dir.resolve("run/mailgraph.pid");
    Path daemonLog = dir.resolve("mailgraph.log");
    List<String> args = mailgraph("-d", "-l", log.toString(), "--daemon-rrd", dir.resolve("rrd").toString(),
        "--daemon-pid", pid.toString(), "--daemon-log", daemonLog.toString());
    MailstatJar.Result started = MailstatJar.run(TIMEOUT, args.toArray(String[]::new));
    assertThat(started.exitCode()).as(started.stderr()).isZero();
    long daemonPid = Long.parseLong(Files.readString(pid).trim());
    ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
    try {
      assertThat(daemon.isAlive()).isTrue();
      MailstatJar.Result second = MailstatJar.run(TIMEOUT, args.toArray(String[]::new));
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.stderr()).contains("already running").contains(String.valueOf(daemonPid));

      Map<String, Long> first = StatFiles.parsedAsMailgraph(log);
      assertThat(Poll.until(TIMEOUT, () -> StatFiles.field(dir.resolve("stat"), "lines") == first.get("lines")))
          .as("the whole log read").isTrue();
      Path more = traffic("more.log", 6, 100);
      Files.write(log, Files.readAllBytes(more), StandardOpenOption.APPEND);
      Map<String, Long> all = StatFiles.parsedAsMailgraph(log);
      assertThat(Poll.until(TIMEOUT, () -> StatFiles.field(dir.resolve("stat"), "sent") == all.get("sent")
          && StatFiles.field(dir.resolve("stat"), "lines") == all.get("lines"))).as("appended lines counted").isTrue();
      assertThat(daemon.destroy()).isTrue();
      assertThat(Poll.until(TIMEOUT, () -> !daemon.isAlive())).as("stopped on SIGTERM").isTrue();
      assertThat(pid).doesNotExist();
      assertThat(StatFiles.fields(dir.resolve("stat"))).containsAllEntriesOf(all);
    } finally {
      daemon.destroyForcibly();
    }
  }
}
