package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import net.mailstat.line.SourcePosition;
import net.mailstat.source.CatchUpPlan.Read;
import org.junit.jupiter.api.Test;

/** Which rotated generations are read, from where, before following, and after a rotation. */
class CatchUpPlanTest {
  private static final FileId THREE = new FileId("(dev=1,ino=3)", "30:33");
  private static final FileId TWO = new FileId("(dev=1,ino=2)", "20:22");
  private static final FileId ONE = new FileId("(dev=1,ino=1)", "10:11");
  private static final FileId CURRENT = new FileId("(dev=1,ino=9)", "90:99");
  /** Oldest first, as {@link OpenGenerations} lists them: mail.log.3, .2, .1. */
  private static final List<FileId> GENERATIONS = List.of(THREE, TWO, ONE);

  private static SourcePosition savedIn(FileId file, long offset) {
    return SourcePosition.ofFile(file.fileKey(), offset, file.fingerprint());
  }

  @Test
  void backfillReadsEveryGenerationOldestFirstThenTheFileFromItsStart() {
    assertThat(CatchUpPlan.everything(3))
        .isEqualTo(new CatchUpPlan(List.of(new Read(0, 0), new Read(1, 0), new Read(2, 0)), 0, true));
    assertThat(CatchUpPlan.everything(0)).isEqualTo(new CatchUpPlan(List.of(), 0, true));
  }

  @Test
  void aPositionInTheCurrentFileContinuesThereAndReadsNoGeneration() {
    assertThat(CatchUpPlan.resuming(savedIn(CURRENT, 500), CURRENT, 800, GENERATIONS))
        .isEqualTo(new CatchUpPlan(List.of(), 500, true));
    assertThat(CatchUpPlan.resuming(savedIn(CURRENT, 800), CURRENT, 800, GENERATIONS).currentOffset()).isEqualTo(800);
  }

  @Test
  void theCurrentFileShorterThanThePositionIsNotWhereItContinues() {
    FileId truncated = new FileId(CURRENT.fileKey(), CURRENT.fingerprint());
    assertThat(CatchUpPlan.continuesIn(savedIn(CURRENT, 500), truncated, 499)).isFalse();
    assertThat(CatchUpPlan.resuming(savedIn(CURRENT, 500), truncated, 499, GENERATIONS))
        .isEqualTo(new CatchUpPlan(List.of(), 0, false));
  }

  @Test
  void aPositionInARotatedGenerationReadsItsRestThenEveryNewerOneThenTheFileFromItsStart() {
    assertThat(CatchUpPlan.resuming(savedIn(TWO, 70), CURRENT, 800, GENERATIONS))
        .isEqualTo(new CatchUpPlan(List.of(new Read(1, 70), new Read(2, 0)), 0, true));
    assertThat(CatchUpPlan.resuming(savedIn(ONE, 5), CURRENT, 800, GENERATIONS))
        .isEqualTo(new CatchUpPlan(List.of(new Read(2, 5)), 0, true));
  }

  @Test
  void aPositionIsFoundByItsFirstLineWhenTheInodeChanged() {
    // compress writes mail.log.2.gz, a new inode, from the file the position was saved in
    SourcePosition saved = SourcePosition.ofFile("(dev=1,ino=77)", 70, TWO.fingerprint());
    assertThat(CatchUpPlan.resuming(saved, CURRENT, 800, GENERATIONS).reads()).containsExactly(new Read(1, 70),
        new Read(2, 0));
  }

  @Test
  void aPositionFoundNowhereReadsTheFileFromItsStartAndSaysSo() {
    assertThat(CatchUpPlan.resuming(SourcePosition.ofFile("(dev=1,ino=50)", 9, "5:55"), CURRENT, 800, GENERATIONS))
        .isEqualTo(new CatchUpPlan(List.of(), 0, false));
  }

  @Test
  void afterARotationTheGenerationsBetweenTheOldAndTheNewFileAreRead() {
    // followed THREE; meanwhile TWO and ONE came and went; CURRENT is the new file
    assertThat(CatchUpPlan.afterRotation(THREE, CURRENT.fileKey(), GENERATIONS, Set.of()).reads())
        .containsExactly(new Read(1, 0), new Read(2, 0));
    assertThat(CatchUpPlan.afterRotation(ONE, CURRENT.fileKey(), GENERATIONS, Set.of()).reads())
        .as("one rotation: nothing between").isEmpty();
  }

  @Test
  void afterARotationTheNewFileAndGenerationsReadToTheirEndAreNotReadAgain() {
    List<FileId> withNext = List.of(THREE, TWO, CURRENT);
    assertThat(CatchUpPlan.afterRotation(THREE, CURRENT.fileKey(), withNext, Set.of()).reads())
        .containsExactly(new Read(1, 0));
    assertThat(CatchUpPlan.afterRotation(THREE, CURRENT.fileKey(), GENERATIONS, Set.of(TWO)).reads())
        .containsExactly(new Read(2, 0));
  }

  @Test
  void afterARotationTheOldFileIsFoundByItsFirstLineOnceCompressHasMadeANewFileOfIt() {
    FileId followed = new FileId("(dev=1,ino=30)", THREE.fingerprint()); // mail.log.3.gz is a new inode
    assertThat(CatchUpPlan.afterRotation(followed, CURRENT.fileKey(), GENERATIONS, Set.of()).reads())
        .containsExactly(new Read(1, 0), new Read(2, 0));
    FileId withoutFirstLine = new FileId("(dev=1,ino=30)", "");
    assertThat(CatchUpPlan.afterRotation(withoutFirstLine, CURRENT.fileKey(), GENERATIONS, Set.of()).positionFound())
        .as("no first line: only its key can find it").isFalse();
  }

  @Test
  void afterARotationWhoseOldFileIsGoneNothingIsRead() {
    CatchUpPlan plan = CatchUpPlan.afterRotation(new FileId("(dev=1,ino=40)", "40:44"), CURRENT.fileKey(), GENERATIONS, Set.of());
    assertThat(plan.reads()).isEmpty();
    assertThat(plan.positionFound()).isFalse();
  }

  @Test
  void afterATruncationTheCopiesMadeAfterItsCopyAreReadInFullUnlessReadAlready() {
    assertThat(CatchUpPlan.afterTruncation(1, GENERATIONS, Set.of()).reads()).containsExactly(new Read(2, 0));
    assertThat(CatchUpPlan.afterTruncation(2, GENERATIONS, Set.of()).reads()).as("the newest: none after").isEmpty();
    assertThat(CatchUpPlan.afterTruncation(1, GENERATIONS, Set.of(ONE)).reads()).isEmpty();
    FileId beingWritten = new FileId("(dev=1,ino=8)", "");
    assertThat(CatchUpPlan.afterTruncation(0, List.of(THREE, beingWritten, ONE), Set.of()).reads())
        .as("a file without a first line yet is being written: not read").containsExactly(new Read(2, 0));
  }

  @Test
  void theCopyOfATruncatedFileIsTheNewestGenerationStartingLikeIt() {
    assertThat(CatchUpPlan.copyOf(ONE.fingerprint(), GENERATIONS)).isEqualTo(2);
    assertThat(CatchUpPlan.copyOf(TWO.fingerprint(), GENERATIONS)).as("delaycompress: .1 is older").isEqualTo(1);
    assertThat(CatchUpPlan.copyOf(THREE.fingerprint(), GENERATIONS)).as("copied and truncated twice more since")
        .isEqualTo(0);
    assertThat(CatchUpPlan.copyOf("70:77", GENERATIONS)).as("rewritten: no generation starts like it").isEqualTo(-1);
    assertThat(CatchUpPlan.copyOf("", GENERATIONS)).as("no first line known").isEqualTo(-1);
    assertThat(CatchUpPlan.copyOf(ONE.fingerprint(), List.of())).isEqualTo(-1);
  }

  @Test
  void afterABlankRestartOnlyCopiesOfUnreadLinesAreRead() {
    // at the restart: mail.log.2 and .1; since: .2 compressed to .3.gz (new key, same first line),
    // a copy of lines never read (.2 now), and a copy of what the file holds now (.1)
    FileId compressed = new FileId("(dev=1,ino=7)", TWO.fingerprint());
    FileId unread = new FileId("(dev=1,ino=5)", "50:55");
    FileId ownCopy = new FileId("(dev=1,ino=6)", CURRENT.fingerprint());
    List<FileId> now = List.of(compressed, ONE, unread, ownCopy);
    assertThat(CatchUpPlan.copiesSince(List.of(TWO, ONE), CURRENT.fingerprint(), now, Set.of()))
        .isEqualTo(new CatchUpPlan(List.of(new Read(2, 0)), 0, true));
    assertThat(CatchUpPlan.copiesSince(List.of(TWO, ONE), CURRENT.fingerprint(), now, Set.of(unread)).reads()).isEmpty();
    FileId noFirstLine = new FileId("(dev=1,ino=8)", "");
    assertThat(CatchUpPlan.copiesSince(List.of(), CURRENT.fingerprint(), List.of(noFirstLine), Set.of()).reads())
        .as("a file still being written (gzip of a generation read long ago) is not read").isEmpty();
  }
}
