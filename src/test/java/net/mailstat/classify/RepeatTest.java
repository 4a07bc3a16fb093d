package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import net.mailstat.count.Category;
import org.junit.jupiter.api.Test;

/** "last message repeated N times" counts the host's previous line N more times, as in mailgraph. */
class RepeatTest {
  private static final String REJECT = "Nov 23 18:56:35 %s postfix/smtpd[4678]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: "
      + "554 5.7.1 <spam@example.org>: Relay access denied; from=<x@example.net> to=<spam@example.org> proto=ESMTP helo=<x>";

  @Test
  void repeatsTheLastLineOfTheSameHost() {
    Run run = Run.of(Mode.DEFAULT,
        REJECT.formatted("mx"),
        "Nov 23 18:56:36 mx last message repeated 3 times");

    assertThat(run.get(Category.REJECTED)).isEqualTo(4);
  }

  @Test
  void anotherHostsLinesInBetweenDoNotMatter() {
    Run run = Run.of(Mode.MAILGRAPH,
        REJECT.formatted("mx"),
        "Nov 23 18:56:35 other postfix/qmgr[1]: 3A452D963D: removed",
        "Nov 23 18:56:36 mx above message repeats 2 times",
        "Nov 23 18:56:36 other last message repeated 5 times");

    assertThat(run.get(Category.REJECTED)).isEqualTo(3);
  }

  @Test
  void aRepeatOfALineThatCountedNothingCountsNothing() {
    Run run = Run.of(Mode.DEFAULT,
        REJECT.formatted("mx"),
        "Nov 23 18:56:35 mx postfix/anvil[1]: statistics: max connection rate 1/60s",
        "Nov 23 18:56:36 mx last message repeated 9 times",
        "Nov 23 18:56:36 fresh last message repeated 9 times");

    assertThat(run.counts().toString()).isEqualTo(Run.expected("rejected=1").toString());
  }
}
