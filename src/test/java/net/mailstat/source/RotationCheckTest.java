package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import net.mailstat.source.RotationCheck.Change;
import net.mailstat.source.RotationCheck.Look;
import org.junit.jupiter.api.Test;

/** The rotation check's answers, one per case: what was read of the file against what its name shows. */
class RotationCheckTest {
  private static final String KEY = "(dev=801,ino=12)";
  private static final String FIRST = "61:1c291ca3";

  private static Change afterReading(long offset, Look now) {
    return RotationCheck.of(KEY, FIRST, offset, now);
  }

  @Test
  void theSameFileAsLongAsWhatWasReadIsUnchanged() {
    assertThat(afterReading(500, new Look(KEY, 500, FIRST))).isEqualTo(Change.UNCHANGED);
  }

  @Test
  void theSameFileLongerThanWhatWasReadHasGrown() {
    assertThat(afterReading(500, new Look(KEY, 620, FIRST))).isEqualTo(Change.GROWN);
  }

  @Test
  void noFileUnderTheNameIsMissing() {
    assertThat(afterReading(500, null)).isEqualTo(Change.MISSING);
  }

  @Test
  void anotherFileUnderTheNameIsARotationWhateverItsSizeOrFirstLine() {
    assertThat(afterReading(500, new Look("(dev=801,ino=13)", 0, ""))).isEqualTo(Change.ROTATED);
    assertThat(afterReading(500, new Look("(dev=801,ino=13)", 9000, FIRST))).as("a copy put in its place")
        .isEqualTo(Change.ROTATED);
    assertThat(afterReading(500, new Look("(dev=801,ino=13)", 100, "12:0badf00d"))).as("replaced by a shorter one")
        .isEqualTo(Change.ROTATED);
  }

  @Test
  void theSameFileShorterThanWhatWasReadWasTruncated() {
    assertThat(afterReading(500, new Look(KEY, 0, ""))).as("copytruncate").isEqualTo(Change.TRUNCATED);
    assertThat(afterReading(500, new Look(KEY, 120, "40:77aa01ff"))).as("truncated, new lines since")
        .isEqualTo(Change.TRUNCATED);
    assertThat(afterReading(500, new Look(KEY, 120, FIRST))).as("even when its first line is the same")
        .isEqualTo(Change.TRUNCATED);
  }

  @Test
  void theSameFileWithAnotherFirstLineWasRewrittenEvenWhenItRegrewPastTheOffset() {
    assertThat(afterReading(500, new Look(KEY, 500, "40:77aa01ff"))).isEqualTo(Change.REWRITTEN);
    assertThat(afterReading(500, new Look(KEY, 4000, "40:77aa01ff"))).as("copytruncate, then regrown")
        .isEqualTo(Change.REWRITTEN);
  }

  @Test
  void aFileOpenedBeforeItHadAFirstLineIsTheSameFileWhateverItsFirstLineNow() {
    assertThat(RotationCheck.of(KEY, "", 20, new Look(KEY, 20, FIRST))).isEqualTo(Change.UNCHANGED);
    assertThat(RotationCheck.of(KEY, "", 20, new Look(KEY, 90, FIRST))).isEqualTo(Change.GROWN);
    assertThat(RotationCheck.of(KEY, "", 20, new Look(KEY, 5, ""))).isEqualTo(Change.TRUNCATED);
  }
}
