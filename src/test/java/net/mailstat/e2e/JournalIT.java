package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.demo.DemoTraffic;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mailstat run` with no --log on a machine that has journalctl follows the journal: the real
 * journalctl reads journal files that systemd-journal-remote writes from generated mail flows
 * (no journald runs here). Entries forged by a local user (logger -t postfix/smtpd) are not
 * counted. Across a restart it resumes after the saved cursor, and it follows
 * entries that arrive while it runs: the counts equal what was written, nothing twice.
 */
class JournalIT {
  private static final Pattern SYSLOG = Pattern.compile("^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d (\\S+) ([^\\[:]+)(?:\\[(\\d+)\\])?: (.*)$");

  @TempDir Path dir;
  private final DemoTraffic traffic = new DemoTraffic(11, "mx3", ZoneId.of("UTC"));
  private Instant clock = Instant.parse("2026-11-20T08:00:00Z");
  private long monotonic = 1_000_000;
  private int batch;
  private int forged;

  /** The systemd unit a Debian system runs each generated program under. */
  private static String unitOf(String identifier) {
    return identifier.startsWith("postfix") ? "postfix@-.service" : identifier + ".service";
  }

  @Test
  void followsTheJournalByDefaultResumesAfterItsCursorAndCountsNothingTwice() throws Exception {
    Path journal = Files.createDirectories(dir.resolve("journal"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path wrapper = bin.resolve("journalctl");
    // journalctl as found on the PATH, reading this test's journal instead of the system's
    Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/journalctl --directory=" + journal + " \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path statFile = dir.resolve("mailstat");

    writeJournalFile(journal, 300);
    Process run = start(bin);
    try {
      CounterSnapshot first = traffic.expected().snapshot();
      awaitCounts(statFile, first);
      assertThat(forged).isPositive();
      assertThat(Files.readString(dir.resolve("run.out")).lines().filter(l -> l.contains("WARN")))
          .as("the only warning is about the forged entries").singleElement().asString()
          .contains("not counting").contains("_SYSTEMD_UNIT=session-3.scope _EXE=/usr/bin/logger _COMM=logger");
      run.destroy();
      run.waitFor();

      writeJournalFile(journal, 200); // written while mailstat is down
      run = start(bin);
      awaitCounts(statFile, traffic.expected().snapshot());
      writeJournalFile(journal, 100); // written while it runs
      awaitCounts(statFile, traffic.expected().snapshot());
      assertThat(Files.readString(dir.resolve("state").resolve(findCheckpoint()))).contains("journal");
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  @Test
  void withoutJournalctlAndWithoutSourcesRunSaysSoInOneLine() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", MailstatJar.JAR.toString(), "run",
        "--no-snmp", "--no-rrd", "--no-web", "--stat-file", dir.resolve("mailstat").toString(), "--state-dir",
        dir.resolve("state").toString());
    pb.environment().put("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString());
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(out.strip())
        .isEqualTo("mailstat: nothing to follow: give --log, --listen or --journal (journalctl was not found)");
  }

  private String findCheckpoint() throws IOException {
    try (var files = Files.list(dir.resolve("state"))) {
      return files.filter(p -> {
        try {
          return Files.readString(p).contains("cursor=");
        } catch (IOException e) {
          return false;
        }
      }).findFirst().orElseThrow().getFileName().toString();
    }
  }

  private Process start(Path bin) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-jar", MailstatJar.JAR.toString(), "run", "--no-snmp", "--no-rrd", "--no-web",
        "--backfill", "--stat-file", dir.resolve("mailstat").toString(), "--state-dir",
        dir.resolve("state").toString(), "--commit-interval", "100");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("run.out").toFile()))
        .start();
  }

  private void awaitCounts(Path statFile, CounterSnapshot expected) throws Exception {
    boolean reached = Poll.until(Duration.ofSeconds(40), () -> expected.equals(SyslogListenIT.counts(statFile)));
    assertThat(reached).as("counted %s, expected %s; log: %s", SyslogListenIT.counts(statFile), expected,
        Files.readString(dir.resolve("run.out"))).isTrue();
  }

  /** Writes {@code flows} generated flows as a new journal file, in journal export format. */
  private void writeJournalFile(Path journal, int flows) throws Exception {
    ByteArrayOutputStream export = new ByteArrayOutputStream();
    for (int f = 0; f < flows; f++) {
      clock = clock.plusSeconds(1);
      for (String line : traffic.nextFlow(clock)) {
        Matcher m = SYSLOG.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        long micros = clock.getEpochSecond() * 1_000_000 + (monotonic % 1_000_000);
        StringBuilder e = new StringBuilder();
        e.append("__REALTIME_TIMESTAMP=").append(micros).append('\n');
        e.append("__MONOTONIC_TIMESTAMP=").append(monotonic++).append('\n');
        e.append("_BOOT_ID=0123456789abcdef0123456789abcdef\n");
        e.append("_HOSTNAME=").append(m.group(1)).append('\n');
        e.append("SYSLOG_IDENTIFIER=").append(m.group(2)).append('\n');
        if (m.group(3) != null) {
          e.append("_PID=").append(m.group(3)).append('\n');
        }
        e.append("_SYSTEMD_UNIT=").append(unitOf(m.group(2))).append('\n');
        e.append("PRIORITY=6\nMESSAGE=").append(m.group(4)).append("\n\n");
        export.write(e.toString().getBytes(StandardCharsets.UTF_8));
      }
      if (f % 7 == 0) { // a local user forging postfix lines with logger -t: journald's own fields give it away
        export.write(("__REALTIME_TIMESTAMP=" + clock.getEpochSecond() * 1_000_000 + "\n__MONOTONIC_TIMESTAMP="
            + monotonic++ + "\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=mx3\n"
            + "SYSLOG_IDENTIFIER=postfix/smtpd\n_PID=4242\n_COMM=logger\n_EXE=/usr/bin/logger\n"
            + "_SYSTEMD_UNIT=session-3.scope\nMESSAGE=NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1"
            + " <x@example.org>: Relay access denied; from=<a@example.net> to=<x@example.org> proto=ESMTP helo=<x>"
            + "\n\n").getBytes(StandardCharsets.UTF_8));
        forged++;
      }
      if (f % 10 == 0) { // other programs share the journal and must not count
        export.write(("__REALTIME_TIMESTAMP=" + clock.getEpochSecond() * 1_000_000 + "\n__MONOTONIC_TIMESTAMP="
            + monotonic++ + "\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=mx3\nSYSLOG_IDENTIFIER=sshd\n"
            + "_PID=77\nMESSAGE=postfix/smtpd: NOQUEUE: reject: not a mail program's line\n\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    Path exportFile = dir.resolve("batch" + batch + ".export");
    Files.write(exportFile, export.toByteArray());
    Path tmp = dir.resolve("batch" + batch + ".journal");
    Process p = new ProcessBuilder("/lib/systemd/systemd-journal-remote", "--output=" + tmp, exportFile.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("systemd-journal-remote: %s", out).isZero();
    // journalctl watches the directory: the file appears whole
    Files.move(tmp, journal.resolve("batch" + batch++ + ".journal"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

}
