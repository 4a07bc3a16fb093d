package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import net.mailstat.count.Category;
import net.mailstat.state.StatLine;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11's quiet-log case, on a real `mailstat run` following a file: a loopback reception
 * nobody names (a local application, behind a proxy) is counted within seconds of being read,
 * while the log stays quiet, and a held reception cleanup rejected as soon as that line is read.
 */
class QuietLogIT {
  @TempDir Path dir;

  @Test
  void heldReceptionsAreFinalWithinSecondsOfAQuietLog() throws Exception {
    Path log = Files.writeString(dir.resolve("mail.log"), "");
    Path statFile = dir.resolve("mailstat");
    Process run = MailstatJar.start(dir.resolve("run.out"), "run", "--log", log.toString(), "--stat-file",
        statFile.toString(), "--state-dir", dir.resolve("state").toString(), "--no-snmp", "--no-web", "--no-rrd");
    try {
      assertThat(Poll.until(Duration.ofSeconds(30), () -> Files.exists(statFile))).isTrue();
      long appended = System.nanoTime();
      append(log, "Nov 23 18:57:00 mx postfix/smtpd[4700]: 4B452D963E: client=localhost[127.0.0.1]");
      assertThat(Poll.until(Duration.ofSeconds(15), () -> received(statFile) == 1))
          .as("received in %s; %s", statFile, output()).isTrue();
      long seconds = (System.nanoTime() - appended) / 1_000_000_000L;
      assertThat(seconds).as("held back for the grace, not for the 600 s window").isBetween(4L, 14L);

      append(log, "Nov 23 18:58:00 mx postfix/smtpd[4700]: 5C452D963F: client=localhost[127.0.0.1]",
          "Nov 23 18:58:00 mx postfix/cleanup[4701]: 5C452D963F: reject: header Subject: win big from"
              + " localhost[127.0.0.1]; from=<app@example.org> to=<a@example.net> proto=ESMTP helo=<localhost>:"
              + " 5.7.1 message content rejected");
      long second = System.nanoTime();
      assertThat(Poll.until(Duration.ofSeconds(15), () -> received(statFile) == 2)).as(output()).isTrue();
      assertThat((System.nanoTime() - second) / 1_000_000L).as("settled by its own line, not by the grace")
          .isLessThan(4_000L);
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("run.out"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static void append(Path log, String... lines) throws java.io.IOException {
    Files.writeString(log, String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
  }

  private static long received(Path statFile) {
    try {
      return StatLine.counts(StatLine.parseFields(Files.readString(statFile).strip())).get(Category.RECEIVED);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }
}
