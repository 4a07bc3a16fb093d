package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.mailstat.queue.QueueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How run's queue options become the sampled command, and how their mistakes are reported. */
class QueueOptionsTest {
  @TempDir Path dir;

  private QueueOptions options() {
    return new QueueOptions();
  }

  @Test
  void aConfigDirectoryBecomesPostqueueDashC() {
    QueueOptions o = options();
    o.postfixConfig = Path.of("/etc/postfix-out");
    QueueSettings s = o.settings();
    assertThat(s.command()).endsWith("-c", "/etc/postfix-out", "-j");
    assertThat(s.command().get(0)).endsWith("postqueue");
    assertThat(s.interval()).hasSeconds(60);
    assertThat(s.timeout()).hasSeconds(30);
  }

  @Test
  void aCommandIsSplitAtSpacesWithoutAShell() {
    QueueOptions o = options();
    o.command = "  ssh  mx2 postqueue -j ";
    o.intervalSeconds = 300;
    assertThat(o.settings().command()).isEqualTo(List.of("ssh", "mx2", "postqueue", "-j"));
    assertThat(o.settings().interval()).hasSeconds(300);
  }

  @Test
  void noQueueSamplesNothing() {
    QueueOptions o = options();
    o.noQueue = true;
    o.command = "postqueue -j";
    assertThat(o.settings()).isNull();
  }

  @Test
  void theDefaultIsPostqueueDashJWhenPostqueueIsInstalled() {
    QueueSettings s = options().settings();
    if (QueueSettings.postqueueExists()) {
      assertThat(s.command()).hasSize(2).last().isEqualTo("-j");
    } else {
      assertThat(s).isNull();
    }
  }

  @Test
  void mistakesAreUsageErrorsWithExitTwo() throws Exception {
    Path log = Files.writeString(dir.resolve("mail.log"), "");
    String[] common = {"run", "--log", log.toString(), "--stat-file", dir.resolve("stat").toString(), "--state-dir",
        dir.resolve("state").toString(), "--no-snmp", "--no-rrd", "--no-web"};
    assertUsage(common, List.of("--queue-interval", "0"), "mailstat: --queue-interval and --queue-timeout must be at least 1 second");
    assertUsage(common, List.of("--queue-timeout", "-5"), "mailstat: --queue-interval and --queue-timeout must be at least 1 second");
    assertUsage(common, List.of("--queue-command", "postqueue -j", "--postfix-config", "/etc/postfix"),
        "mailstat: --queue-command and --postfix-config do not go together: give the -c in the command");
    assertUsage(common, List.of("--queue-command", "   "), "mailstat: --queue-command must name a command");
  }

  private static void assertUsage(String[] common, List<String> extra, String message) {
    List<String> args = new java.util.ArrayList<>(List.of(common));
    args.addAll(extra);
    Cli.Run r = Cli.mailstat(args.toArray(String[]::new));
    assertThat(r.exit()).as("%s: %s", extra, r.err()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(message, "Try 'mailstat run --help'.");
  }
}
