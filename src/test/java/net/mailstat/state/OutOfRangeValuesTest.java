package net.mailstat.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.LineCounts;
import net.mailstat.line.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value out of range in any file reads as the ceiling: it never lowers or resets a counter. */
class OutOfRangeValuesTest {
  private static final long MAX = Long.MAX_VALUE;

  @TempDir Path dir;

  private Path statFile() {
    return dir.resolve("mailstat");
  }

  private static SourceCheckpoint source(String id, long offset, CounterSnapshot counts) {
    return new SourceCheckpoint(id, SourcePosition.ofFile("k", offset, ""), counts, new LineCounts(offset, 0, 0),
        Map.of("mx", counts), List.of());
  }

  private List<String> damagedFiles() throws Exception {
    try (var files = Files.walk(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".damaged-")).toList();
    }
  }

  @Test
  void aStatLineValueBeyondTheRangeOfALongReadsAsTheCeiling() {
    Map<String, Long> fields = StatLine.parseFields("sent:99999999999999999999 received:-5 spam:3");
    assertThat(fields).containsEntry("sent", MAX).containsEntry("received", MAX).containsEntry("spam", 3L);
  }

  @Test
  void sumsOfSourcesBeyondTheCeilingArePublishedAsTheCeilingAndNothingIsMovedAside() throws Exception {
    Path state = dir.resolve("state");
    CounterSnapshot nearlyFull = CounterSnapshot.zero().with(Category.SPAM, MAX - 10).with(Category.SENT, 1);
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("a", "b"))) {
      for (int commit = 1; commit <= 3; commit++) {
        StatFileContent published = store.commit(List.of(source("a", commit, nearlyFull), source("b", commit, nearlyFull)),
            commit);
        assertThat(published.counts().get(Category.SPAM)).isEqualTo(MAX);
        assertThat(published.counts().get(Category.SENT)).isEqualTo(2);
      }
    }
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("a", "b"))) {
      assertThat(store.resumePoint().totals().get(Category.SPAM)).isEqualTo(MAX);
      assertThat(store.resumePoint().totals().get(Category.SENT)).isEqualTo(2);
      assertThat(store.resumePoint().source("a").position().offset()).isEqualTo(3);
    }
    assertThat(HostsFile.readCounts(dir.resolve("mailstat.hosts")).get("mx").get(Category.SPAM)).isEqualTo(MAX);
    assertThat(damagedFiles()).isEmpty();
  }

  @Test
  void aCheckpointHoldingAWrappedCountIsUsedWithThatCountAtTheCeiling() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    CounterSnapshot wrapped = CounterSnapshot.zero().with(Category.SPAM, -7_446_744_073_709_551_617L)
        .with(Category.SENT, 12);
    Checkpoint old = new Checkpoint("mailstat.all", 1, CounterSnapshot.zero(), LineCounts.ZERO, Map.of(),
        List.of(source("log", 400, wrapped)));
    Files.writeString(state.resolve("mailstat.all.checkpoint"), CheckpointCodec.encode(old));
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("log"))) {
      assertThat(store.isFirstStart()).isFalse();
      SourceCheckpoint resumed = store.resumePoint().source("log");
      assertThat(resumed.position().offset()).isEqualTo(400);
      assertThat(resumed.counts().get(Category.SENT)).isEqualTo(12);
      assertThat(resumed.counts().get(Category.SPAM)).isEqualTo(MAX);
    }
    assertThat(damagedFiles()).isEmpty();
  }

  @Test
  void aStatFileWithAnOutOfRangeOwnFieldNeitherLowersNorResetsTheCheckpointsCounts() throws Exception {
    Path state = dir.resolve("state");
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("log"))) {
      store.commit(List.of(source("log", 10, CounterSnapshot.zero().with(Category.SENT, 5))), 1);
    }
    Files.writeString(statFile(), "sent:5 received:-1 bounced:0 rejected:0 virus:0 spam:0\n");
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("log"))) {
      assertThat(store.resumePoint().totals().get(Category.SENT)).isEqualTo(5);
      assertThat(store.resumePoint().source("log").position().offset()).isEqualTo(10);
    }
    assertThat(damagedFiles()).isEmpty();
  }
}
