package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A loopback reception held back (it may be a content filter's re-injection) is settled as soon as
 * the log allows: by its own message's lines, and on the wall clock once the log has been read to
 * its end and stays quiet (docs/counting.md, "Held receptions"). Lines from a real Postfix 3.7
 * with amavisd-new, as in ReinjectionTest.
 */
class HeldReceptionSettlingTest {
  static final String WEBMAIL = "Nov 23 18:57:00 mx postfix/smtpd[4700]: 4B452D963E: client=localhost[127.0.0.1]";
  static final String CLEANUP_REJECT = "Nov 23 18:57:00 mx postfix/cleanup[4701]: 4B452D963E: reject: header"
      + " Subject: win big from localhost[127.0.0.1]; from=<app@example.org> to=<a@example.net> proto=ESMTP"
      + " helo=<localhost>: 5.7.1 message content rejected";
  static final String CLEANUP_DISCARD = CLEANUP_REJECT.replace("reject: header", "discard: header");
  static final String REMOVED = "Nov 23 18:57:01 mx postfix/qmgr[1]: 4B452D963E: removed";
  static final String LOCAL = "Nov 23 18:57:01 mx postfix/local[4735]: 4B452D963E: to=<user@example.org>,"
      + " relay=local, delay=0.02, delays=0/0/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)";
  static final String DEFERRED = "Nov 23 18:57:01 mx postfix/smtp[4716]: 4B452D963E: to=<a@example.net>,"
      + " relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.5]:25:"
      + " Connection refused)";
  static final String HANDOFF_NAMING_IT = ReinjectionTest.HANDOFF.replace("D2FF7D9649", "4B452D963E")
      .replace("18:56:30", "18:57:02");

  private static Run run() {
    return new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of()));
  }

  private static String other(String time) {
    return "Nov 23 " + time + " mx postfix/smtpd[4800]: connect from x.example[192.0.2.9]";
  }

  @Test
  void aReceptionCleanupRejectedIsCountedAtOnce() {
    Run run = run().feed(WEBMAIL);
    assertThat(run.counts()).as("held").isEqualTo(Run.expected("nothing"));

    run.feed(CLEANUP_REJECT);

    assertThat(run.get(net.mailstat.count.Category.RECEIVED)).as("never queued: no hand-off can name it")
        .isEqualTo(1);
  }

  @Test
  void aReceptionCleanupDiscardedIsCountedAtOnce() {
    Run run = run().feed(WEBMAIL, CLEANUP_DISCARD);

    assertThat(run.get(net.mailstat.count.Category.RECEIVED)).isEqualTo(1);
  }

  @Test
  void aDeliveredReceptionIsCountedOnceTwoSecondsOfLogTimeHavePassed() {
    Run run = run().feed(WEBMAIL, LOCAL, REMOVED, other("18:57:03"));
    assertThat(run.counts()).as("within the grace after its final line").isEqualTo(Run.expected("delivered=1"));

    run.feed(other("18:57:04"));

    assertThat(run.counts()).as("past the grace").isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void aHandoffLoggedJustAfterTheReinjectionsOwnDeliveryStillNamesIt() {
    Run run = run().feed(WEBMAIL, LOCAL, REMOVED, HANDOFF_NAMING_IT, other("18:57:10")).finish();

    assertThat(run.counts()).as("a re-injection: the original's reception is counted, not this one")
        .isEqualTo(Run.expected("delivered=1"));
  }

  @Test
  void aDeferralIsNotTheMessagesFate() {
    Run run = run().feed(WEBMAIL, DEFERRED, other("18:57:30"));

    assertThat(run.counts()).as("still held: deferred is not final").isEqualTo(Run.expected("nothing"));
  }

  @Test
  void anotherHostsLinesDoNotEndTheGrace() {
    Run run = run().feed(WEBMAIL, LOCAL, other("18:59:00").replace(" mx ", " mx2 "));

    assertThat(run.counts()).isEqualTo(Run.expected("delivered=1"));
  }

  @Test
  void aQuietLogReleasesAHeldReceptionFiveSecondsAfterItWasReadToItsEnd() {
    Run run = run().feed(WEBMAIL);
    Classifier c = run.classifier;

    assertThat(c.caughtUp(1_000)).isZero();
    assertThat(c.caughtUp(1_000 + CaughtUpTimes.GRACE_MILLIS - 1)).as("not yet").isZero();
    assertThat(run.counts()).isEqualTo(Run.expected("nothing"));
    assertThat(c.caughtUp(1_000 + CaughtUpTimes.GRACE_MILLIS)).isEqualTo(1);
    assertThat(run.counts()).isEqualTo(Run.expected("received=1"));
  }

  @Test
  void aReceptionReadAfterTheLastQuietMomentWaitsForItsOwnGrace() {
    Run run = run().feed(WEBMAIL);
    Classifier c = run.classifier;
    c.caughtUp(0);
    run.feed(WEBMAIL.replace("4B452D963E", "5C452D963F"));
    c.caughtUp(3_000);

    assertThat(c.caughtUp(5_000)).as("only the first one was read 5 s before a caught-up moment").isEqualTo(1);
    assertThat(c.caughtUp(7_999)).isZero();
    assertThat(c.caughtUp(8_000)).isEqualTo(1);
    assertThat(run.get(net.mailstat.count.Category.RECEIVED)).isEqualTo(2);
  }

  @Test
  void aHandoffReadWhileQuietStillClaimsItsReinjection() {
    Run run = run().feed(WEBMAIL);
    Classifier c = run.classifier;
    c.caughtUp(0);
    run.feed(HANDOFF_NAMING_IT);
    c.caughtUp(6_000);

    assertThat(run.counts()).as("claimed before the grace ran out").isEqualTo(Run.expected("nothing"));
  }

  @Test
  void mailgraphModeHoldsNothing() {
    Run run = new Run(RuleSet.builtin(), Run.options(Mode.MAILGRAPH, Set.of())).feed(WEBMAIL);
    long before = run.get(net.mailstat.count.Category.RECEIVED);

    assertThat(run.classifier.caughtUp(0) + run.classifier.caughtUp(10_000)).isZero();
    assertThat(run.get(net.mailstat.count.Category.RECEIVED)).isEqualTo(before);
  }
}
