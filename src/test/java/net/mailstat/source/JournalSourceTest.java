package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.mailstat.line.SourcePosition;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal source on its real code path: a journalctl process whose JSON is read, filtered,
 * formatted, and whose cursor is reported and resumed from. The process is a script that prints
 * recorded journalctl output the way journalctl would for the options it is given.
 */
class JournalSourceTest {
  private static final Path FAKE = Path.of("src/test/resources/net/mailstat/source/fake-journalctl");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final SyslogTestListener got = new SyslogTestListener();
  private JournalSource source;
  private Thread thread;

  private void start(SourcePosition resume, boolean backfill, String... extra) {
    List<String> command = new java.util.ArrayList<>(List.of("sh", FAKE.toString(),
        "--recorded=" + JournalEntryTest.RECORDED.toAbsolutePath()));
    command.addAll(List.of(extra));
    JournalSettings settings = new JournalSettings(command, JournalSettings.MAIL_PROGRAMS, JournalTrust.defaults(), backfill, Duration.ofMillis(50));
    source = new JournalSource(settings, resume, got);
    thread = new Thread(source::run, "journal under test");
    got.runningOn(thread);
    thread.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.stop();
      thread.join(5000);
      assertThat(thread.isAlive()).as("run() returned after stop()").isFalse();
    }
    assertThat(got.wrongThreads).isEmpty();
  }

  private static List<String> cursors() throws Exception {
    return Files.readAllLines(JournalEntryTest.RECORDED, StandardCharsets.UTF_8).stream()
        .map(l -> l.replaceFirst(".*\"__CURSOR\":\"([^\"]*)\".*", "$1")).toList();
  }

  @Test
  void backfillReadsEveryMailEntryAndReportsTheLastCursor() throws Exception {
    start(null, true);
    List<String> cursors = cursors();
    assertThat(Poll.until(WAIT, () -> got.lastPosition != null
        && cursors.get(9).equals(got.lastPosition.cursor()))).isTrue();
    assertThat(got.lines).hasSize(9);
    assertThat(got.lines.get(0)).endsWith(" mx1 postfix/smtpd[2101]: 4F1A2B3C4D: client=mail.example.com[192.0.2.10]");
    assertThat(got.troubles).isEmpty();
  }

  @Test
  void aSavedCursorResumesAfterItsEntry() throws Exception {
    List<String> cursors = cursors();
    start(SourcePosition.ofCursor(cursors.get(4)), false);
    assertThat(Poll.until(WAIT, () -> got.lastPosition != null
        && cursors.get(9).equals(got.lastPosition.cursor()))).isTrue();
    assertThat(got.lines).hasSize(5);
    assertThat(got.lines.get(0)).contains("status=sent");
  }

  @Test
  void aFirstStartWithoutBackfillBeginsAtTheEndAndSaysSo() throws Exception {
    start(null, false);
    assertThat(Poll.until(WAIT, () -> got.reached.get() > 0)).isTrue();
    assertThat(got.lastPosition.cursor()).isNull();
    assertThat(got.lines).isEmpty();
  }

  @Test
  void whenJournalctlFailsItIsReportedAndStartedAgainFromTheCursor() throws Exception {
    start(null, true, "--fail-first=" + dir.resolve("failed-once"));
    List<String> cursors = cursors();
    assertThat(Poll.until(WAIT, () -> got.lastPosition != null
        && cursors.get(9).equals(got.lastPosition.cursor()))).isTrue();
    assertThat(got.troubles).hasSize(1);
    assertThat(got.troubles.get(0)).contains("exit code 1").contains("simulated failure");
    assertThat(got.lines).hasSize(9);
  }

  @Test
  void aMissingJournalctlIsTroubleNotACrash() throws Exception {
    JournalSettings settings = new JournalSettings(List.of(dir.resolve("no-journalctl").toString()),
        JournalSettings.MAIL_PROGRAMS, JournalTrust.defaults(), false, Duration.ofMillis(50));
    source = new JournalSource(settings, null, got);
    thread = new Thread(source::run, "journal under test");
    got.runningOn(thread);
    thread.start();
    assertThat(Poll.until(WAIT, () -> got.troubles.size() >= 2)).isTrue();
    assertThat(got.troubles.get(0)).startsWith("journal: cannot run " + dir.resolve("no-journalctl"));
  }

  @Test
  void theCommandAsksForFollowingJsonAndTheCursor() {
    JournalSettings settings = new JournalSettings(List.of("journalctl", "--directory=/j"), List.of("postfix"), JournalTrust.defaults(), false,
        Duration.ofSeconds(1));
    assertThat(new JournalSource(settings, SourcePosition.ofCursor("s=abc;i=5"), got).command()).containsExactly(
        "journalctl", "--directory=/j", "--follow", "--output=json", "--all", "--no-pager",
        "--output-fields=" + JournalSource.FIELDS, "--after-cursor=s=abc;i=5", "--no-tail");
  }

  @Test
  void anEntryLongerThanOtherSourcesAllowIsCountedOverlongNotClassified() throws Exception {
    List<String> recorded = Files.readAllLines(JournalEntryTest.RECORDED, StandardCharsets.UTF_8);
    String first = recorded.get(0);
    String huge = first.replaceFirst("\"MESSAGE\":\"[^\"]*\"",
        "\"MESSAGE\":\"4F1A2B3C4D: reject: " + "x".repeat(LineSplitter.DEFAULT_MAX_LINE_BYTES) + "\"");
    Path file = dir.resolve("huge.json");
    Files.writeString(file, huge + "\n" + first + "\n", StandardCharsets.UTF_8);
    List<String> command = List.of("sh", FAKE.toString(), "--recorded=" + file.toAbsolutePath());
    JournalSettings settings = new JournalSettings(command, JournalSettings.MAIL_PROGRAMS, JournalTrust.defaults(), true, Duration.ofMillis(50));
    source = new JournalSource(settings, null, got);
    thread = new Thread(source::run, "journal under test");
    got.runningOn(thread);
    thread.start();
    assertThat(Poll.until(WAIT, () -> got.lines.size() == 1)).isTrue();
    assertThat(got.overlong.get()).isEqualTo(1);
    assertThat(got.lines.get(0)).endsWith("client=mail.example.com[192.0.2.10]");
  }

  /** The recorded journal's first entry (a genuine postfix/smtpd one) with other trusted fields. */
  private static String sentBy(String first, String unit, String exe, String comm, String message) {
    String e = first.replaceAll(",\"_(SYSTEMD_UNIT|EXE|COMM)\":\"[^\"]*\"", "")
        .replaceFirst("\"MESSAGE\":\"[^\"]*\"", "\"MESSAGE\":\"" + message + "\"");
    StringBuilder trusted = new StringBuilder();
    if (unit != null) {
      trusted.append(",\"_SYSTEMD_UNIT\":\"").append(unit).append('"');
    }
    if (exe != null) {
      trusted.append(",\"_EXE\":\"").append(exe).append('"');
    }
    if (comm != null) {
      trusted.append(",\"_COMM\":\"").append(comm).append('"');
    }
    return e.substring(0, e.length() - 1) + trusted + "}";
  }

  private void followRecorded(List<String> entries, JournalTrust trust) throws Exception {
    Path file = dir.resolve("forged.json");
    Files.write(file, entries, StandardCharsets.UTF_8);
    List<String> command = List.of("sh", FAKE.toString(), "--recorded=" + file.toAbsolutePath());
    source = new JournalSource(new JournalSettings(command, JournalSettings.MAIL_PROGRAMS, trust, true,
        Duration.ofMillis(50)), null, got);
    thread = new Thread(source::run, "journal under test");
    got.runningOn(thread);
    thread.start();
  }

  private static List<String> genuineAndForged() throws Exception {
    String first = Files.readAllLines(JournalEntryTest.RECORDED, StandardCharsets.UTF_8).get(0);
    return List.of(
        sentBy(first, "session-3.scope", "/usr/bin/logger", "logger", "FORGED1: client=a.example[192.0.2.1]"),
        sentBy(first, "user@1000.service", "/home/eve/smtpd", "smtpd", "FORGED2: client=b.example[192.0.2.2]"),
        sentBy(first, null, null, null, "FORGED3: client=c.example[192.0.2.3]"),
        sentBy(first, "postfix@-.service", "/usr/lib/postfix/sbin/smtpd", "smtpd", "REAL1: client=d.example[192.0.2.4]"),
        sentBy(first, "cron.service", "/usr/sbin/postdrop", "postdrop", "REAL2: client=e.example[192.0.2.5]"),
        sentBy(first, "postfix.service", "/usr/bin/perl", "perl", "REAL3: client=f.example[192.0.2.6]"));
  }

  @Test
  void entriesThatOnlySayTheyArePostfixAreNotCountedByDefault() throws Exception {
    followRecorded(genuineAndForged(), JournalTrust.defaults());

    assertThat(Poll.until(WAIT, () -> got.lastPosition != null && got.lines.size() >= 3)).isTrue();
    Thread.sleep(200);

    assertThat(got.lines).hasSize(3).allSatisfy(l -> assertThat(l).contains(": REAL"));
  }

  @Test
  void trustingAnyEntryCountsThemAllAsPlainSyslogWould() throws Exception {
    followRecorded(genuineAndForged(), JournalTrust.ANY);

    assertThat(Poll.until(WAIT, () -> got.lines.size() == 6)).isTrue();
  }

  @Test
  void aConfiguredProcessNameIsTrusted() throws Exception {
    followRecorded(genuineAndForged(), JournalTrust.parse(List.of("comm:logger")));

    assertThat(Poll.until(WAIT, () -> got.lines.size() == 1)).isTrue();
    Thread.sleep(200);
    assertThat(got.lines).singleElement().asString().contains("FORGED1");
  }
}
