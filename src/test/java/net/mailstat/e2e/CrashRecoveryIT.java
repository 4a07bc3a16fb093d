package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: `mailstat run` is killed with SIGKILL at random moments while its log grows,
 * and restarted; in the end the counters equal what the log should count: nothing lost, nothing
 * counted twice. The soak variant does 50 kills.
 */
class CrashRecoveryIT {
  @TempDir Path dir;

  @Test
  void killedAndRestartedAFewTimesCountsEveryLineOnce() throws Exception {
    killAndRestart(6, 11);
  }

  @Test
  void fiftyKillsCountEveryLineOnce() throws Exception {
    killAndRestart(50, 12);
  }

  private void killAndRestart(int kills, long seed) throws Exception {
    Random random = new Random(seed);
    Path statFile = dir.resolve("mailstat");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), seed);
    String[] args = {"run", "--no-snmp", "--no-rrd", "--no-web", "--log", log.file().toString(), "--stat-file", statFile.toString(),
        "--state-dir", dir.resolve("state").toString(), "--commit-interval", "20", "--poll-interval", "10",
        "--backfill"};
    log.append(2000);
    for (int i = 0; i < kills; i++) {
      Process p = MailstatJar.start(dir.resolve("run.out"), args);
      long until = System.nanoTime() + (200 + random.nextInt(800)) * 1_000_000L;
      while (System.nanoTime() < until) {
        log.append(1 + random.nextInt(20));
        Thread.sleep(5); // pace the writer like a busy mail server, not as fast as the disk allows
      }
      p.destroyForcibly();
      p.waitFor();
      log.append(random.nextInt(100));
    }
    Process last = MailstatJar.start(dir.resolve("run.out"), args);
    try {
      CounterSnapshot expected = log.expected();
      boolean reached = Poll.until(Duration.ofSeconds(60), () -> expected.equals(StatFiles.counts(statFile)));
      assertThat(reached).as("after %d kills: counted %s, expected %s", kills, StatFiles.counts(statFile), expected).isTrue();
    } finally {
      last.destroy();
      last.waitFor();
    }
    assertThat(StatFiles.counts(statFile)).isEqualTo(log.expected());
  }

}
