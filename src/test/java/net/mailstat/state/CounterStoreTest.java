package net.mailstat.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class CounterStoreTest {
  @TempDir Path dir;

  private Path statFile() {
    return dir.resolve("mailstat");
  }

  private static SourceCheckpoint source(String id, long offset, CounterSnapshot counts) {
    return new SourceCheckpoint(id, SourcePosition.ofFile("k", offset, ""), counts,
        new LineCounts(offset, 0, 0), Map.of("mail", counts),
        List.of("held 4AB12 1700000000 mail.example.org"));
  }

  private static CounterSnapshot counts(Category c, long n) {
    return CounterSnapshot.zero().with(c, n);
  }

  @Test
  void aFirstStartOnAnExistingStatFileContinuesFromItsValues() throws Exception {
    Files.writeString(statFile(), "sent:10 received:20 bounced:3 rejected:4 virus:5 spam:6\n");
    try (CounterStore store = CounterStore.open(statFile(), dir.resolve("state"), Ownership.ALL, Set.of("log"))) {
      StatFileContent published = store.commit(List.of(source("log", 100, counts(Category.SENT, 2))), 1);
      assertThat(published.counts().get(Category.SENT)).isEqualTo(12);
      assertThat(published.counts().get(Category.RECEIVED)).isEqualTo(20);
      assertThat(published.line()).startsWith("sent:12 received:20 bounced:3 rejected:4 virus:5 spam:6 delivered:0");
    }
  }

  @Test
  void aRestartResumesTheSavedPositionAndCounts() throws Exception {
    Path state = dir.resolve("state");
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("log"))) {
      store.commit(List.of(source("log", 100, counts(Category.SPAM, 7))), 1);
    }
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("log"))) {
      SourceCheckpoint saved = store.resumePoint().source("log");
      assertThat(saved.position().offset()).isEqualTo(100);
      assertThat(saved.counts().get(Category.SPAM)).isEqualTo(7);
      assertThat(store.resumePoint().totals().get(Category.SPAM)).isEqualTo(7);
      assertThat(saved.lookahead()).containsExactly("held 4AB12 1700000000 mail.example.org");
    }
  }

  @Test
  void instancesKeepEachOthersFields() throws Exception {
    Path state = dir.resolve("state");
    try (CounterStore mail = CounterStore.open(statFile(), state, Ownership.MAIL, Set.of("m"));
        CounterStore virus = CounterStore.open(statFile(), state, Ownership.VIRUS, Set.of("v"))) {
      mail.commit(List.of(source("m", 1, counts(Category.SENT, 5))), 1);
      virus.commit(List.of(source("v", 1, counts(Category.VIRUS, 3))), 1);
      StatFileContent after = mail.commit(List.of(source("m", 2, counts(Category.SENT, 6))), 2);
      assertThat(after.counts().get(Category.SENT)).isEqualTo(6);
      assertThat(after.counts().get(Category.VIRUS)).isEqualTo(3);
      assertThat(after.fields()).containsKeys("lines_mail", "lines_virus");
    }
  }

  @Test
  void anOverlappingInstanceIsRefused() throws Exception {
    try (CounterStore mail = CounterStore.open(statFile(), dir.resolve("a"), Ownership.MAIL, Set.of("m"))) {
      assertThatThrownBy(() -> CounterStore.open(statFile(), dir.resolve("b"), Ownership.ALL, Set.of("x")))
          .isInstanceOf(StatFileException.class)
          .hasMessageContaining("counter 'sent'")
          .hasMessageContaining("already owned");
    }
  }

  @Test
  void aDamagedStatFileIsKeptAsideAndOtherFieldsComeFromTheLastGoodCopy() throws Exception {
    Path state = dir.resolve("state");
    try (CounterStore virus = CounterStore.open(statFile(), state, Ownership.VIRUS, Set.of("v"))) {
      virus.commit(List.of(source("v", 1, counts(Category.SPAM, 9))), 1);
    }
    Files.writeString(statFile(), "sent:1 received:zz garbage\n");
    try (CounterStore mail = CounterStore.open(statFile(), state, Ownership.MAIL, Set.of("m"))) {
      StatFileContent after = mail.commit(List.of(source("m", 1, counts(Category.SENT, 2))), 2);
      assertThat(after.counts().get(Category.SPAM)).isEqualTo(9);
      assertThat(after.counts().get(Category.SENT)).isEqualTo(2);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("mailstat.damaged-"));
    }
  }

  @Test
  void aDamagedCheckpointFallsBackToThePreviousGenerationAndNeverLowersACounter() throws Exception {
    Path state = dir.resolve("state");
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("log"))) {
      store.commit(List.of(source("log", 10, counts(Category.SENT, 1))), 1);
      store.commit(List.of(source("log", 20, counts(Category.SENT, 2))), 2);
    }
    Path checkpoint = state.resolve("mailstat.all.checkpoint");
    Files.writeString(checkpoint, Files.readString(checkpoint).replace("offset=20", "offset=99"));
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("log"))) {
      assertThat(store.resumePoint().source("log").position().offset()).isEqualTo(10);
      // The stat file showed 2; the previous generation says 1: the published value is kept.
      assertThat(store.resumePoint().totals().get(Category.SENT)).isEqualTo(2);
    }
    try (var files = Files.list(state)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains(".damaged-"));
    }
  }

  @Test
  void aLogDroppedFromTheConfigurationKeepsItsCounts() throws Exception {
    Path state = dir.resolve("state");
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("a", "b"))) {
      store.commit(List.of(source("a", 1, counts(Category.SENT, 4)), source("b", 1, counts(Category.SENT, 3))), 1);
    }
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("a"))) {
      StatFileContent after = store.commit(List.of(store.resumePoint().source("a")), 2);
      assertThat(after.counts().get(Category.SENT)).isEqualTo(7);
    }
  }

  @Test
  void aLogAddedBackResumesAtItsPositionWithoutCountingAgain() throws Exception {
    Path state = dir.resolve("state");
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("a", "b"))) {
      store.commit(List.of(source("a", 10, counts(Category.SENT, 4)), source("b", 700, counts(Category.SENT, 3))), 1);
    }
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("a"))) {
      assertThat(store.resumePoint().source("b")).isNull();
      store.commit(List.of(store.resumePoint().source("a")), 2);
    }
    try (CounterStore store = CounterStore.open(statFile(), state, Ownership.ALL, Set.of("a", "b"))) {
      SourceCheckpoint b = store.resumePoint().source("b");
      assertThat(b).as("b's position was forgotten").isNotNull();
      assertThat(b.position().offset()).isEqualTo(700);
      assertThat(b.counts()).isEqualTo(CounterSnapshot.zero());
      assertThat(store.resumePoint().totals().get(Category.SENT)).isEqualTo(7);
      StatFileContent after = store.commit(List.of(store.resumePoint().source("a"),
          source("b", 800, counts(Category.SENT, 1))), 3);
      assertThat(after.counts().get(Category.SENT)).isEqualTo(8);
      assertThat(store.resumePoint().retired()).isEmpty();
    }
  }

  @Test
  void theRetiredPositionOfALogIsForgottenAfterThirtyDays() {
    long day = 24 * 3600;
    Checkpoint cp = new Checkpoint("mailstat.all", 1, CounterSnapshot.zero(), LineCounts.ZERO, Map.of(),
        List.of(source("a", 10, counts(Category.SENT, 1)), source("b", 500, counts(Category.SENT, 2))));
    Checkpoint retired = cp.forSources(Set.of("a"), 1000);
    assertThat(retired.retired()).extracting(RetiredSource::sourceId).containsExactly("b");
    assertThat(retired.totals().get(Category.SENT)).isEqualTo(3);
    Checkpoint after29Days = retired.forSources(Set.of("a"), 1000 + 29 * day);
    assertThat(after29Days.retired()).hasSize(1);
    assertThat(after29Days.forSources(Set.of("a", "b"), 1000 + 30 * day).source("b").position().offset())
        .isEqualTo(500);
    Checkpoint after31Days = after29Days.forSources(Set.of("a"), 1000 + 31 * day);
    assertThat(after31Days.retired()).isEmpty();
    assertThat(after31Days.forSources(Set.of("a", "b"), 1000 + 31 * day).source("b")).isNull();
    assertThat(after31Days.totals().get(Category.SENT)).isEqualTo(3);
  }

  @Test
  void copiesOfTheMergedLineAreWrittenWhileTheLockIsHeldSoTheyNeverGoBack() throws Exception {
    StatFileWriter writer = new StatFileWriter(statFile(), Ownership.ALL);
    Path lockFile = new StatFileFamily(statFile()).lock();
    boolean[] lockedDuringCopy = new boolean[1];
    String[] copied = new String[1];

    StatFileContent published = writer.publish(counts(Category.SENT, 5), Map.of(), Map.of(), Map.of(), line -> {
      copied[0] = line;
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.tryLock().release();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lockedDuringCopy[0] = true;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    assertThat(copied[0]).isEqualTo(published.line()).startsWith("sent:5 ");
    assertThat(lockedDuringCopy[0]).as("the stat file's lock is held while the copy is written").isTrue();
  }
}
