package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import net.mailstat.rrd.Database;
import net.mailstat.state.Ownership;
import org.junit.jupiter.api.Test;

/** How mailgraph's options map onto mailstat's counters, databases and errors. */
class MailgraphCommandTest {
  @Test
  void theNoRrdFlagsChooseTheCountersThisInstanceOwns() {
    assertThat(MailgraphCommand.ownership(false, false)).isEqualTo(Ownership.ALL);
    assertThat(MailgraphCommand.ownership(true, false)).isEqualTo(Ownership.VIRUS);
    assertThat(MailgraphCommand.ownership(false, true)).isEqualTo(Ownership.MAIL);
    assertThat(MailgraphCommand.ownership(true, true)).isEqualTo(Ownership.ALL);
  }

  @Test
  void theNoRrdFlagsChooseTheDatabasesKept() {
    assertThat(MailgraphCommand.databases(false, false, false)).isEqualTo(EnumSet.allOf(Database.class));
    assertThat(MailgraphCommand.databases(true, false, true)).containsExactly(Database.VIRUS);
    assertThat(MailgraphCommand.databases(false, true, false)).containsExactly(Database.MAIL, Database.GREYLIST);
    assertThat(MailgraphCommand.databases(true, true, true)).isEmpty();
  }

  private static String[] run(String... args) {
    Cli.Run r = Cli.mailstat(args);
    return new String[] {String.valueOf(r.exit()), r.out(), r.err()};
  }

  @Test
  void anUnknownLogTypeIsOneLineAndExitTwo() {
    String[] r = run("mailgraph", "-c", "-t", "journald", "-l", "/nonexistent");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).isEqualTo("mailstat: --logtype: 'journald' is not one of syslog, metalog, multilog"
        + System.lineSeparator());
  }

  @Test
  void aMissingLogWithCatIsOneLineAndExitOne() {
    String[] r = run("mailgraph", "-c", "-l", "/nonexistent/mail.log");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).startsWith("mailstat: cannot read /nonexistent/mail.log").doesNotContain("Exception");
  }

  @Test
  void aDirectoryAsTheLogIsOneLineAndExitOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String[] r = run("mailgraph", "-l", dir.toString(), "--stat-file", dir.resolve("stat").toString(), "--state-dir",
        dir.resolve("state").toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).isEqualTo("mailstat: --logfile: " + dir + " is a directory" + System.lineSeparator());
    assertThat(dir.resolve("stat")).doesNotExist();
  }

  @Test
  void theHelpListsMailgraphsOptions() {
    String[] r = run("mailgraph", "--help");
    assertThat(r[0]).isEqualTo("0");
    for (String option : new String[] {"-c, --cat", "-l, --logfile", "-t, --logtype", "-y=YEAR", "-d, --daemon",
        "--daemon-pid", "--daemon-rrd", "--daemon-log", "--ignore-localhost", "--ignore-host", "--no-mail-rrd",
        "--no-virus-rrd", "--no-greylist-rrd", "--rrd-name", "--rbl-is-spam", "--virbl-is-virus", "--host"}) {
      assertThat(r[1]).as(option).contains(option);
    }
  }

  @Test
  void catFinishesOnALogWhoseLastLineHasNoNewlineAndASecondCatAddsNothing(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path log = dir.resolve("mail.log");
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 20_000; i++) {
      text.append(String.format("Mar  1 10:%02d:%02d mail postfix/smtpd[11]: %05X: client=x.example[192.0.2.1]%n",
          (i / 60) % 60, i % 60, i));
    }
    text.append("Mar  1 11:00:00 mail postfix/smtpd[11]: FFFFF: client=x.example[192.0.2.1]");
    java.nio.file.Files.writeString(log, text);
    cat(dir, log);
    long lines = text.toString().lines().count();
    assertThat(java.nio.file.Files.readString(dir.resolve("stat"))).contains("received:" + lines + " ");
    cat(dir, log);
    assertThat(java.nio.file.Files.readString(dir.resolve("stat"))).contains("received:" + lines + " ");
  }

  /** {@code mailgraph -c} on {@code log}, with its stat file, state and RRDs in {@code dir}: it must end, with 0. */
  private static void cat(java.nio.file.Path dir, java.nio.file.Path log) throws java.io.IOException {
    String[] cat = {"mailgraph", "-c", "-l", log.toString(), "--daemon_rrd=" + dir.resolve("rrd"), "--stat-file",
        dir.resolve("stat").toString(), "--state-dir", dir.resolve("state").toString(), "--year=2026",
        "--timezone=UTC"};
    java.nio.file.Files.createDirectories(dir.resolve("rrd"));
    String[] r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> run(cat));
    assertThat(r[0]).as(r[2]).isEqualTo("0");
  }

  private static java.util.Map<String, Long> parsed(java.nio.file.Path log) {
    String[] r = run("parse", "--compat=mailgraph", "--timezone=UTC", "--format=mailstat", log.toString());
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    return net.mailstat.state.StatLine.parseFields(r[1]);
  }

  @Test
  void catOnARealLogEndingInACountedLineWithoutNewlineFinishesWithParsesCounts(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // The golden log of a real Postfix + amavis system (classify/golden/README.md), then one of its
    // own reject lines again, without a newline: the last line must be counted and the read end.
    java.nio.file.Path golden = dir.resolve("golden.log");
    try (java.io.InputStream in = MailgraphCommandTest.class.getResourceAsStream(
        "/net/mailstat/classify/golden/postfix-amavis.log")) {
      java.nio.file.Files.write(golden, in.readAllBytes());
    }
    String text = java.nio.file.Files.readString(golden);
    String reject = text.lines().filter(l -> l.contains(": NOQUEUE: reject: ")).findFirst().orElseThrow();
    java.nio.file.Path log = dir.resolve("mail.log");
    java.nio.file.Files.writeString(log, text + reject);
    java.util.Map<String, Long> expected = parsed(log);
    assertThat(expected.get("rejected")).as("parse counts the last line").isEqualTo(parsed(golden).get("rejected") + 1);
    cat(dir, log);
    assertThat(net.mailstat.state.StatLine.parseFields(java.nio.file.Files.readString(dir.resolve("stat"))))
        .containsAllEntriesOf(expected);
  }
}
