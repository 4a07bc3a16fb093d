package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --backfill reads the rotated history (compressed too) before following, counting it once, and
 * shows a progress bar when run on a terminal (a real pseudo-terminal from util-linux's script),
 * and none when not.
 */
class BackfillProgressIT {
  @TempDir Path dir;

  @Test
  void backfillCountsTheHistoryAndShowsProgressOnATerminal() throws Exception {
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 33);
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("mail.log.2.gz")))) {
      gz.write(log.next(3000).getBytes());
    }
    Files.writeString(dir.resolve("mail.log.1"), log.next(3000));
    log.append(3000);
    Path statFile = dir.resolve("mailstat");
    String command = "timeout -s TERM 20 java -jar " + MailstatJar.JAR + " run --no-snmp --no-rrd --no-web --backfill --log "
        + log.file() + " --stat-file " + statFile + " --state-dir " + dir.resolve("state");
    Path out = dir.resolve("terminal.out");
    Process script = new ProcessBuilder("script", "-qec", command, "/dev/null")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      boolean counted = Poll.until(Duration.ofSeconds(30), () -> log.expected().equals(StatFiles.counts(statFile)));
      assertThat(counted).as("counted %s, expected %s", StatFiles.counts(statFile), log.expected()).isTrue();
      assertThat(Poll.until(Duration.ofSeconds(10), () -> read(out).contains("100%"))).as(read(out)).isTrue();
      assertThat(read(out)).contains("backfill " + log.file() + " [").contains("\r");
    } finally {
      script.destroy();
      script.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutATerminalThereIsNoProgressBar() throws Exception {
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 34);
    Files.writeString(dir.resolve("mail.log.1"), log.next(2000));
    log.append(100);
    Path statFile = dir.resolve("mailstat");
    Path out = dir.resolve("run.out");
    Process run = MailstatJar.start(out, "run", "--no-snmp", "--no-rrd", "--no-web", "--backfill", "--log", log.file().toString(),
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString());
    try {
      assertThat(Poll.until(Duration.ofSeconds(30), () -> log.expected().equals(StatFiles.counts(statFile))))
          .isTrue();
    } finally {
      run.destroy();
      run.waitFor();
    }
    assertThat(read(out)).doesNotContain("backfill ").doesNotContain("\r");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "";
    }
  }
}
