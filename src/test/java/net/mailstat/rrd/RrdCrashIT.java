package net.mailstat.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import net.mailstat.demo.DemoTraffic;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL in the middle of a backfill leaves files that open, fetch and continue. */
class RrdCrashIT {
  private static final long START = 1_767_225_600L; // 2026-01-01T00:00:00Z

  @TempDir Path dir;

  @Test
  void aKilledBackfillLeavesUsableFiles() throws Exception {
    Path log = dir.resolve("mail.log");
    DemoTraffic traffic = new DemoTraffic(3, "mail", ZoneOffset.UTC);
    try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (long t = START; t < START + 60L * 86_400; t += 20) {
        for (String line : traffic.nextFlow(Instant.ofEpochSecond(t))) {
          w.write(line);
          w.write('\n');
        }
      }
    }
    Path rrd = dir.resolve("rrd");
    Path mail = rrd.resolve("mailstat.rrd");
    Process p = MailstatJar.start(dir.resolve("run.log"), "rrd", "update-from-log", "--rrd-dir", rrd.toString(),
        "--timezone", "UTC", "--year", "2026", log.toString());
    assertThat(Poll.until(Duration.ofSeconds(60), () -> lastUpdate(mail) > START + 86_400))
        .as("the backfill got going").isTrue();
    assertThat(p.isAlive()).as("still writing when killed").isTrue();
    p.destroyForcibly();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long killedAt = lastUpdate(mail);

    MailstatJar.Result info = MailstatJar.run(Duration.ofSeconds(30), "rrd", "info", mail.toString());
    assertThat(info.exitCode()).as(info.stderr()).isZero();
    MailstatJar.Result fetch = MailstatJar.run(Duration.ofSeconds(30), "rrd", "fetch", mail.toString(), "AVERAGE",
        "-s", Long.toString(START), "-e", Long.toString(killedAt), "-r", "3360");
    assertThat(fetch.exitCode()).as(fetch.stderr()).isZero();
    assertThat(FetchOutput.parse(fetch.stdout()).knownRows()).isGreaterThan(10);

    // the lock died with the process: the same backfill runs again and continues the files
    MailstatJar.Result again = MailstatJar.run(Duration.ofSeconds(300), "rrd", "update-from-log", "--rrd-dir",
        rrd.toString(), "--timezone", "UTC", "--year", "2026", log.toString());
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stdout()).contains("dropped as too late");
    assertThat(lastUpdate(mail)).isGreaterThan(START + 59L * 86_400);
  }

  private static long lastUpdate(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      MailstatJar.Result r = MailstatJar.run(Duration.ofSeconds(30), "rrd", "info", file.toString());
      return r.stdout().lines().filter(l -> l.startsWith("last_update = ")).mapToLong(
          l -> Long.parseLong(l.substring("last_update = ".length()))).findFirst().orElse(0);
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
