package net.mailstat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.line.SourcePosition;
import net.mailstat.source.FollowListener;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that ends by itself while the daemon runs is created again from the last published
 * position, with the counts of that moment: lines it delivered after that position are read again
 * and counted once.
 */
class SourceRestartTest {
  private static final String REJECT = "2026-03-02T10:00:00+00:00 mx postfix/smtpd[77]: NOQUEUE: reject: RCPT from"
      + " unknown[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@example.net>"
      + " to=<x@example.org> proto=ESMTP helo=<x>";
  private static final SourcePosition FIRST = SourcePosition.ofCursor("after-two");
  private static final SourcePosition SECOND = SourcePosition.ofCursor("after-three");

  @TempDir Path dir;
  private final List<SourcePosition> resumedFrom = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  /** First run: two lines, their position, a third line, then it ends. Later runs: the third line again. */
  private LogSource create(SourcePosition resume, FollowListener listener) {
    int run = resumedFrom.size();
    resumedFrom.add(resume == null ? SourcePosition.ofCursor("none") : resume);
    return run == 0
        ? new ScriptedSource(listener, List.of(REJECT, REJECT), FIRST, List.of(REJECT), true)
        : ScriptedSource.following(listener, List.of(REJECT), SECOND);
  }

  @Test
  void aSourceThatEndsIsCreatedAgainFromItsLastPositionAndCountsEachLineOnce() throws Exception {
    Path statFile = dir.resolve("mailstat");
    LogSource.Definition definition = new LogSource.Definition("test-source",
        (resume, firstStart, listener) -> create(resume, listener));
    DaemonSettings settings = new DaemonSettings(List.of(definition), Ownership.ALL, statFile, dir.resolve("state"),
        RuleSet.builtin(), ClassifierOptions.defaults(), Duration.ofMillis(20), null);
    try (Daemon daemon = Daemon.start(settings, (category, epochSecond, host, n) -> { }, content -> { },
        CatchUpProgress.NONE, (where, cause) -> failures.add(cause))) {
      assertThat(Poll.until(Duration.ofSeconds(10), () -> resumedFrom.size() == 2
          && daemon.sources().get(0).trouble() == null && StatFiles.field(statFile, "lines") == 3))
          .as("lines %d, troubles %s", StatFiles.field(statFile, "lines"), daemon.sources()).isTrue();
      assertThat(resumedFrom.get(1)).isEqualTo(FIRST);
      CounterSnapshot counts = StatFiles.counts(statFile);
      assertThat(counts.get(Category.REJECTED)).isEqualTo(3);
      assertThat(daemon.sources().get(0).position()).isEqualTo(SECOND);
    }
    assertThat(failures).isEmpty();
    assertThat(resumedFrom).hasSize(2);
  }
}
