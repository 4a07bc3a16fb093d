package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint filesystem turns read-only, then fills up: mailstat keeps counting in memory,
 * reports the error, and writes everything once it can. Uses a small tmpfs mounted for the test
 * (the suite runs as root, as CI does).
 */
class DiskTroubleIT {
  @TempDir Path dir;
  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      sh("umount", "-l", mount.toString());
    }
  }

  @Test
  void countsSurviveAReadOnlyAndAFullFilesystem() throws Exception {
    mount = Files.createDirectories(dir.resolve("var"));
    sh("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString());
    // The checkpoint directory is on the small filesystem: every commit writes there first. (The
    // stat file's own directory holds files open for locking, so it cannot be remounted read-only.)
    Path statFile = dir.resolve("mailstat");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 9);
    Path out = dir.resolve("run.out");
    Process run = MailstatJar.start(out, "run", "--no-snmp", "--no-rrd", "--no-web", "--log", log.file().toString(), "--stat-file", statFile.toString(),
        "--state-dir", mount.resolve("state").toString(), "--backfill");
    try {
      log.append(30);
      awaitCounts(statFile, log.expected());

      sh("mount", "-o", "remount,ro", mount.toString());
      CounterSnapshot before = StatFiles.counts(statFile);
      log.append(30);
      assertThat(Poll.until(Duration.ofSeconds(10), () -> contains(out, "cannot write counters"))).isTrue();
      assertThat(StatFiles.counts(statFile)).isEqualTo(before);
      sh("mount", "-o", "remount,rw", mount.toString());
      awaitCounts(statFile, log.expected());

      // Renaming the checkpoint over its previous generation frees as much as it takes, so a full
      // disk bites when the checkpoint grows: rejects from 300 new syslog hosts add 300 host rows.
      Path filler = mount.resolve("filler");
      sh("dd", "if=/dev/zero", "of=" + filler, "bs=4k", "count=1000");
      CounterSnapshot full = StatFiles.counts(statFile);
      StringBuilder rejects = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        rejects.append("2026-03-02T10:00:00+00:00 relay").append(i).append(".example.org postfix/smtpd[77]:"
            + " NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied;"
            + " from=<a@example.net> to=<x@example.org> proto=ESMTP helo=<x>\n");
      }
      Files.writeString(log.file(), rejects, java.nio.file.StandardOpenOption.APPEND);
      assertThat(Poll.until(Duration.ofSeconds(10), () -> contains(out, "No space left")))
          .as("log: %s", Files.readString(out)).isTrue();
      assertThat(StatFiles.counts(statFile)).isEqualTo(full);
      Files.delete(filler);
      CounterSnapshot expected = log.expected();
      awaitCounts(statFile, expected.with(Category.REJECTED, expected.get(Category.REJECTED) + 300));
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  private static void awaitCounts(Path statFile, CounterSnapshot expected) throws InterruptedException {
    boolean reached = Poll.until(Duration.ofSeconds(20), () -> expected.equals(StatFiles.counts(statFile)));
    assertThat(reached).as("counted %s, expected %s", StatFiles.counts(statFile), expected).isTrue();
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.readString(file).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    int rc = p.waitFor();
    if (!cmd[0].equals("dd")) {
      assertThat(rc).as("%s: %s", String.join(" ", cmd), output).isZero();
    }
  }

}
