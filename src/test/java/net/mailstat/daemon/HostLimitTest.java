package net.mailstat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.line.SourcePosition;
import net.mailstat.source.LogSource;
import net.mailstat.state.HostsFile;
import net.mailstat.state.Ownership;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At most {@code maxHosts} syslog hosts get rows of their own, across restarts; every further one is
 * counted under 'other', in the hosts file and in the events the history sees; totals stay exact.
 */
class HostLimitTest {
  @TempDir Path dir;
  private final Set<String> historyHosts = ConcurrentHashMap.newKeySet();

  private static String reject(String host) {
    return "2026-03-02T10:00:00+00:00 " + host + " postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]:"
        + " 554 5.7.1 <x@example.org>: Relay access denied; from=<a@example.net> to=<x@example.org> proto=ESMTP"
        + " helo=<x>";
  }

  private Path statFile() {
    return dir.resolve("mailstat");
  }

  private Map<String, CounterSnapshot> hostRows() {
    try {
      return HostsFile.readCounts(dir.resolve("mailstat.hosts"));
    } catch (java.io.IOException e) {
      return Map.of();
    }
  }

  private static long rejected(Map<String, CounterSnapshot> rows, String host) {
    CounterSnapshot c = rows.get(host);
    return c == null ? -1 : c.get(Category.REJECTED);
  }

  /** Runs a daemon over {@code hosts} (one reject each) until all are committed. */
  private void count(int maxHosts, long totalAfter, String... hosts) throws Exception {
    List<String> lines = Stream.of(hosts).map(HostLimitTest::reject).toList();
    LogSource.Definition source = new LogSource.Definition("scripted",
        (resume, firstStart, listener) -> ScriptedSource.following(listener, lines,
            SourcePosition.ofCursor("after " + hosts.length)));
    DaemonSettings settings = new DaemonSettings(List.of(source), Ownership.ALL, statFile(), dir.resolve("state"),
        RuleSet.builtin(), ClassifierOptions.defaults(), Duration.ofMillis(20), null, maxHosts);
    try (Daemon daemon = Daemon.start(settings, (category, epochSecond, host, n) -> historyHosts.add(host),
        content -> { }, CatchUpProgress.NONE, (where, cause) -> { throw new AssertionError(where, cause); })) {
      assertThat(Poll.until(Duration.ofSeconds(10), () -> {
        CounterSnapshot c = StatFiles.counts(statFile());
        return c != null && c.get(Category.REJECTED) == totalAfter;
      })).as("stat file %s", StatFiles.counts(statFile())).isTrue();
    }
  }

  @Test
  void hostsBeyondTheLimitShareTheRowOtherAcrossRestarts() throws Exception {
    count(3, 5, "h0", "h1", "h2", "h3", "h4");
    Map<String, CounterSnapshot> rows = hostRows();
    assertThat(rows.keySet()).containsExactlyInAnyOrder("h0", "h1", "h2", HostRows.OTHER);
    assertThat(rejected(rows, "h0")).isEqualTo(1);
    assertThat(rejected(rows, HostRows.OTHER)).isEqualTo(2);
    assertThat(historyHosts).containsExactlyInAnyOrder("h0", "h1", "h2", HostRows.OTHER);

    count(3, 8, "h9", "h1", "h4");
    rows = hostRows();
    assertThat(rows.keySet()).as("the checkpoint's hosts keep their rows").containsExactlyInAnyOrder("h0", "h1", "h2",
        HostRows.OTHER);
    assertThat(rejected(rows, "h1")).isEqualTo(2);
    assertThat(rejected(rows, HostRows.OTHER)).isEqualTo(4);
  }

  @Test
  void aHostNameIsCutAt255Bytes() throws Exception {
    String longName = "a".repeat(300);
    count(10, 2, longName, longName.substring(0, 255) + "b");
    Map<String, CounterSnapshot> rows = hostRows();
    assertThat(rows.keySet()).containsExactly("a".repeat(255));
    assertThat(rejected(rows, "a".repeat(255))).isEqualTo(2);
  }

  @Test
  void aLimitBelowOneIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HostRows(0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
