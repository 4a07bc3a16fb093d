package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source whose reads block forever (a FIFO nobody writes, like a log on a dead NFS mount) must
 * not stall the other sources or the stat file, and must not keep mailstat from stopping.
 */
class HungSourceIT {
  @TempDir Path dir;

  @Test
  void aBlockedSourceDoesNotStallTheOthers() throws Exception {
    Path fifo = dir.resolve("hung.log");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    Path statFile = dir.resolve("mailstat");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 5);
    Process run = MailstatJar.start(dir.resolve("run.out"), "run", "--no-snmp", "--no-rrd", "--no-web", "--log", fifo.toString(), "--log",
        log.file().toString(), "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(),
        "--backfill");
    try {
      for (int round = 1; round <= 5; round++) {
        log.append(20);
        CounterSnapshot expected = log.expected();
        boolean reached = Poll.until(Duration.ofSeconds(20), () -> expected.equals(StatFiles.counts(statFile)));
        assertThat(reached).as("round %d: counted %s, expected %s", round, StatFiles.counts(statFile), expected).isTrue();
      }
    } finally {
      run.destroy();
    }
    assertThat(run.waitFor(15, TimeUnit.SECONDS)).as("mailstat stops despite the hung source").isTrue();
    assertThat(Files.readString(dir.resolve("run.out"))).contains("did not stop");
  }

}
