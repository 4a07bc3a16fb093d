package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import net.mailstat.count.Category;
import net.mailstat.count.LineCounts;
import org.junit.jupiter.api.Test;

/**
 * A line stands for at most {@link Classifier#MAX_EVENTS_PER_LINE} events: a larger repeat count
 * or captured count is not believed and the line counts as unparsed.
 */
class CountBoundsTest {
  private static final String FOUND = "Nov 23 18:56:35 mx MailScanner[4711]: Spam Checks: Found %s spam messages";
  private static final String REPEATED = "Nov 23 18:56:36 mx last message repeated %s times";

  @Test
  void aCapturedCountUpToTheBoundIsCounted() {
    Run run = Run.of(Mode.DEFAULT, FOUND.formatted("1000000"), FOUND.formatted("0000007"));
    assertThat(run.get(Category.SPAM)).isEqualTo(1_000_007);
    assertThat(run.lines()).isEqualTo(new LineCounts(2, 0, 0));
  }

  @Test
  void aCapturedCountAboveTheBoundMakesTheLineUnparsed() {
    Run run = Run.of(Mode.DEFAULT, FOUND.formatted("1000001"), FOUND.formatted("999999999"),
        FOUND.formatted("99999999999999999999999999"));
    assertThat(run.get(Category.SPAM)).isZero();
    assertThat(run.lines()).isEqualTo(new LineCounts(3, 3, 0));
  }

  @Test
  void aRepeatCountAboveTheBoundMakesTheNoticeUnparsed() {
    Run run = Run.of(Mode.DEFAULT, FOUND.formatted("3"), REPEATED.formatted("1000001"),
        REPEATED.formatted("999999999"), REPEATED.formatted("2"));
    assertThat(run.get(Category.SPAM)).isEqualTo(9);
    assertThat(run.lines()).isEqualTo(new LineCounts(4, 2, 0));
  }

  @Test
  void theAttackOfTheIssueNeitherWrapsNorCountsAnything() {
    Run run = Run.of(Mode.DEFAULT, FOUND.formatted("999999999"));
    for (int i = 0; i < 10; i++) {
      run.feed(REPEATED.formatted("999999999"));
    }
    assertThat(run.counts().toString()).isEqualTo(Run.expected("nothing").toString());
    assertThat(run.lines()).isEqualTo(new LineCounts(11, 11, 0));
  }

  @Test
  void repeatsOfTheLargestBelievedCountSaturateInsteadOfWrapping() {
    RepeatMemory memory = new RepeatMemory();
    memory.startLine("mx");
    memory.record(Category.SPAM, Long.MAX_VALUE / 2);
    long[] replayed = new long[1];
    memory.repeat("mx", 3, (category, n) -> replayed[0] = n);
    assertThat(replayed[0]).isEqualTo(Long.MAX_VALUE);
  }
}
