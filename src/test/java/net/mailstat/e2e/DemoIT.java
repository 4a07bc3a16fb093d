package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first quick-start command: the demo runs, rotates its log, and its counts check out. */
class DemoIT {
  @Test
  void theDemoCountsWhatItsTrafficShouldCount() throws Exception {
    int port = LoopbackPorts.freeUdpPort();
    MailstatJar.Result r = MailstatJar.run(Duration.ofSeconds(60), "demo", "--seconds", "4", "--rate", "100",
        "--snmp=udp:127.0.0.1/" + port);
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("demo: the counters equal what the generated traffic should count")
        .contains("SNMP agent on udp:127.0.0.1/" + port);
    assertThat(workDirectory(r.stdout())).as("the demo's temporary directory after it ended").doesNotExist();
  }

  @Test
  void aDemoStoppedEarlyRemovesItsTemporaryDirectoryToo(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo.out");
    int port = LoopbackPorts.freeUdpPort();
    Process p = MailstatJar.start(out, "demo", "--rate", "100", "--snmp=udp:127.0.0.1/" + port, "--web=127.0.0.1:0");
    try {
      assertThat(Poll.until(Duration.ofSeconds(30), () -> read(out).contains("  sent:")))
          .as("the demo got going").isTrue();
      Path work = workDirectory(read(out));
      assertThat(work).exists();
      Matcher web = Pattern.compile("demo: web page on (http://\\S+/)").matcher(read(out));
      assertThat(web.find()).as(read(out)).isTrue();
      String metrics = web.group(1) + "metrics";
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> delays(fetch(metrics)) > 0 && fetch(metrics).contains("mailstat_rejects_total{reason=")))
          .as("the demo's page serves the details and delays it counts: %s", fetch(metrics)).isTrue();
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(work).as("the temporary directory after SIGTERM").doesNotExist();
      assertThat(read(out)).as("stopped early, the demo still checks what it wrote")
          .contains("demo: stopped early; checking what was written so far")
          .contains("demo: the counters equal what the generated traffic should count");
    } finally {
      p.destroyForcibly();
    }
  }

  private static long delays(String metrics) {
    Matcher m = Pattern.compile("(?m)^mailstat_delivery_delay_seconds_count\\{stage=\"total\"} (\\d+)$").matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String fetch(String url) {
    try {
      return new String(java.net.URI.create(url).toURL().openStream().readAllBytes());
    } catch (java.io.IOException e) {
      return "unreachable: " + e.getMessage();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static Path workDirectory(String stdout) {
    Matcher m = Pattern.compile("demo: log (\\S+)/mail\\.log").matcher(stdout);
    assertThat(m.find()).as(stdout).isTrue();
    return Path.of(m.group(1));
  }
}
