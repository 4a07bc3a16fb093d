package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.mailstat.count.Category;
import org.junit.jupiter.api.Test;

/**
 * Issue #11: a delivery to a loopback address is a hand-off to a content filter only when the
 * queue id its reply names is received here; otherwise it is what its agent says. Decided by
 * correlation, not by the address (docs/counting.md, "Held deliveries"). Line shapes of Postfix 3.7.
 */
class HeldDeliveriesTest {
  /** A smarthost reached through a local TLS tunnel (stunnel on 127.0.0.1:11125) that runs Postfix. */
  static final String TUNNEL_SENT = "Dec  3 10:00:01 mx postfix/smtp[700]: 6D1F2A3B4C: to=<friend@example.com>,"
      + " relay=127.0.0.1[127.0.0.1]:11125, delay=0.4, delays=0.1/0/0.2/0.1, dsn=2.0.0,"
      + " status=sent (250 2.0.0 Ok: queued as 4RmN8d0Xz1z9vT)";
  /** The same through a tunnel to an Exim smarthost: no "queued as" in the reply. */
  static final String TUNNEL_SENT_EXIM = TUNNEL_SENT.replace("250 2.0.0 Ok: queued as 4RmN8d0Xz1z9vT",
      "250 OK id=1sXyz2-000abc-9Q");
  static final String AMAVIS_BOUNCE = "Dec  3 10:00:01 mx postfix/smtp[700]: 6D1F2A3B4C: to=<u@example.org>,"
      + " relay=127.0.0.1[127.0.0.1]:10024, delay=1.1, delays=0.1/0/0/1, dsn=2.5.0, status=sent (250 2.5.0 Ok,"
      + " id=04682-01, BOUNCE)";
  static final String DOVECOT_LMTP = "Dec  3 10:00:01 mx postfix/lmtp[701]: 6D1F2A3B4C: to=<u@example.org>,"
      + " relay=mx.example.org[127.0.0.1]:24, delay=0.05, delays=0.01/0/0.01/0.03, dsn=2.0.0,"
      + " status=sent (250 2.0.0 <u@example.org> kHxLJk0xZ2XmBQAAp1xJ5g Saved)";
  static final String FILTER_HANDOFF = "Dec  3 10:00:01 mx postfix/smtp[700]: 6D1F2A3B4C: to=<u@example.org>,"
      + " relay=127.0.0.1[127.0.0.1]:10024, delay=1.2, delays=0.1/0/0/1.1, dsn=2.0.0, status=sent (250 2.0.0 from"
      + " MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 7E2A3B4C5D)";
  static final String REINJECTION = "Dec  3 10:00:02 mx postfix/smtpd[702]: 7E2A3B4C5D: client=localhost[127.0.0.1]";

  private static Run run() {
    return new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of()));
  }

  private static String mxLine(String time) {
    return "Dec  3 " + time + " mx postfix/smtpd[800]: connect from x.example[192.0.2.9]";
  }

  @Test
  void aSmarthostBehindALocalTunnelIsSentOnceNoReceptionClaimsTheQueueId() {
    Run run = run().feed(TUNNEL_SENT, mxLine("10:00:06"));
    assertThat(run.get(Category.SENT)).as("within the grace: held").isZero();

    run.feed(mxLine("10:00:07"));

    assertThat(run.counts()).isEqualTo(Run.expected("sent=1"));
  }

  @Test
  void aReplyNamingNoQueueIdAndNoFilterIsSentAtOnce() {
    assertThat(run().feed(TUNNEL_SENT_EXIM).counts()).isEqualTo(Run.expected("sent=1"));
  }

  @Test
  void aFilterThatBouncedOrDiscardedIsAHandoff() {
    assertThat(Run.of(Mode.DEFAULT, AMAVIS_BOUNCE).counts()).isEqualTo(Run.expected("nothing"));
  }

  @Test
  void lmtpToALoopbackMailboxServerIsDelivered() {
    assertThat(Run.of(Mode.DEFAULT, DOVECOT_LMTP).counts()).isEqualTo(Run.expected("delivered=1"));
  }

  @Test
  void aReinjectionLoggedAfterTheHandoffClaimsIt() {
    Run run = run().feed(FILTER_HANDOFF, REINJECTION, mxLine("10:00:30")).finish();

    assertThat(run.counts()).isEqualTo(Run.expected("nothing"));
  }

  @Test
  void aReinjectionLoggedBeforeTheHandoffStillClaimsIt() {
    Run run = run().feed(REINJECTION, FILTER_HANDOFF, mxLine("10:00:30")).finish();

    assertThat(run.counts()).isEqualTo(Run.expected("nothing"));
  }

  @Test
  void aReceptionLoggedPastTheGraceIsNewMailAndTheDeliveryWasSent() {
    Run run = run().feed(FILTER_HANDOFF, mxLine("10:00:07"), REINJECTION.replace("10:00:02", "10:00:08")).finish();

    assertThat(run.counts()).isEqualTo(Run.expected("sent=1 received=1"));
  }

  @Test
  void aQuietLogReleasesAHeldDelivery() {
    Run run = run().feed(TUNNEL_SENT);
    run.classifier.caughtUp(0);

    assertThat(run.classifier.caughtUp(CaughtUpTimes.GRACE_MILLIS)).isEqualTo(1);
    assertThat(run.counts()).isEqualTo(Run.expected("sent=1"));
  }

  @Test
  void theEndOfAOneShotReadCountsIt() {
    assertThat(Run.of(Mode.DEFAULT, TUNNEL_SENT).counts()).isEqualTo(Run.expected("sent=1"));
  }

  /** Postfix multi-instance: a null-client instance relays to the output instance on 127.0.0.1:25. */
  @Test
  void aMultiInstanceRelayOverLoopbackCountsTheMessageOnce() {
    Run run = Run.of(Mode.DEFAULT,
        "Dec  3 10:00:00 mx postfix-in/smtpd[900]: 1A2B3C4D5E: client=mail.example.net[198.51.100.9]",
        "Dec  3 10:00:01 mx postfix-out/smtpd[901]: 2B3C4D5E6F: client=localhost[127.0.0.1]",
        "Dec  3 10:00:01 mx postfix-in/smtp[902]: 1A2B3C4D5E: to=<friend@example.com>, relay=127.0.0.1[127.0.0.1]:25,"
            + " delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 2B3C4D5E6F)",
        "Dec  3 10:00:02 mx postfix-out/smtp[903]: 2B3C4D5E6F: to=<friend@example.com>,"
            + " relay=mx.example.com[192.0.2.25]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=2.0.0,"
            + " status=sent (250 2.0.0 Ok: queued as 9Q8W7E)");

    assertThat(run.counts()).isEqualTo(Run.expected("received=1 sent=1"));
  }

  @Test
  void anXforwardReinjectionClaimsAHeldDelivery() {
    Run run = Run.of(Mode.DEFAULT, FILTER_HANDOFF, REINJECTION + ", orig_queue_id=6D1F2A3B4C,"
        + " orig_client=mail.example.net[198.51.100.9]");

    assertThat(run.counts()).isEqualTo(Run.expected("nothing"));
  }

  @Test
  void heldDeliveriesAreSavedWithTheCheckpoint() {
    Run first = run().feed(TUNNEL_SENT);
    HeldReceptions saved = HeldReceptions.fromLines(first.classifier.heldReceptions().toLines());
    assertThat(saved.deliveries()).extracting(HeldReceptions.Delivery::newQueueId).containsExactly("4RmN8d0Xz1z9vT");

    Run restarted = run();
    restarted.classifier.restoreHeldReceptions(saved);
    restarted.finish();

    assertThat(first.counts()).isEqualTo(Run.expected("nothing"));
    assertThat(restarted.counts()).isEqualTo(Run.expected("sent=1"));
  }

  @Test
  void heldDeliveriesAreBounded() {
    Run run = run();
    int n = HeldDeliveries.MAX_ENTRIES + 7;
    for (int i = 0; i < n; i++) {
      run.feed(TUNNEL_SENT.replace("4RmN8d0Xz1z9vT", "Q%08X".formatted(i)));
    }
    assertThat(run.get(Category.SENT)).isEqualTo(7);
    run.finish();
    assertThat(run.get(Category.SENT)).isEqualTo(n);
  }

  @Test
  void mailgraphModeStillCountsTheHopAsSent() {
    assertThat(Run.of(Mode.MAILGRAPH, FILTER_HANDOFF).get(Category.SENT)).isEqualTo(1);
  }

  @Test
  void eachRecipientLineOfAHeldDeliveryCounts() {
    Run run = Run.of(Mode.DEFAULT, TUNNEL_SENT, TUNNEL_SENT.replace("friend@", "second@"),
        TUNNEL_SENT.replace("friend@", "third@"));

    assertThat(run.counts()).isEqualTo(Run.expected("sent=3"));
  }

  @Test
  void everyRecipientLineOfAHandoffIsClaimedByOneReinjection() {
    Run run = Run.of(Mode.DEFAULT, FILTER_HANDOFF, FILTER_HANDOFF.replace("u@", "v@"), REINJECTION,
        FILTER_HANDOFF.replace("u@", "w@"));

    assertThat(run.counts()).isEqualTo(Run.expected("nothing"));
  }

  /** amavis' own line claims the re-injection first; a restart comes before Postfix's hand-off line. */
  @Test
  void aReinjectionSettledBeforeARestartStillMakesTheHandoffAHandoff() {
    String amavis = "Dec  3 10:00:02 mx amavis[4051]: (04051-01) Passed CLEAN {RelayedInbound}, [198.51.100.9]:4711"
        + " [198.51.100.9] <a@example.net> -> <u@example.org>, Queue-ID: 6D1F2A3B4C, Message-ID: <m@example.net>,"
        + " mail_id: xYz1, Hits: -0.9, size: 2345, queued_as: 7E2A3B4C5D, 1234 ms";
    Run first = run().feed(REINJECTION, amavis);
    HeldReceptions saved = HeldReceptions.fromLines(first.classifier.heldReceptions().toLines());

    Run restarted = run();
    restarted.classifier.restoreHeldReceptions(saved);
    restarted.feed(FILTER_HANDOFF.replace("10:00:01", "10:00:02")).finish();

    assertThat(first.counts()).isEqualTo(Run.expected("nothing"));
    assertThat(restarted.counts()).isEqualTo(Run.expected("nothing"));
  }

  @Test
  void aReinjectionDeliveredToALoopbackSmarthostBeforeItsHandoffIsLoggedIsNotAnOriginal() {
    // scripts/e2e-mailstack's amavis system, loopback variant (smarthost on 127.0.0.5): amavis
    // re-injected 0389221E0D4 and Postfix delivered it before the hand-off line naming it
    Run run = run().feed(
        "Dec  4 21:16:15 mx postfix/submission/smtpd[30304]: B77E521E0CF: client=office.mx.test[127.0.0.7]",
        "Dec  4 21:16:16 mx postfix/smtpd[30258]: 0389221E0D4: client=localhost[127.0.0.1]",
        "Dec  4 21:16:16 mx postfix/smtp[30303]: 0389221E0D4: to=<ok2@example.net>, relay=127.0.0.5[127.0.0.5]:25,"
            + " delay=0.03, delays=0.01/0/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as SINK832)",
        "Dec  4 21:16:16 mx postfix/smtp[30250]: B77E521E0CF: to=<ok2@example.net>, relay=127.0.0.1[127.0.0.1]:10024,"
            + " conn_use=2, delay=0.29, delays=0.02/0.11/0/0.17, dsn=2.0.0, status=sent (250 2.0.0 from"
            + " MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 0389221E0D4)",
        mxLine("10:00:00").replace("Dec  3 10:00:00", "Dec  4 21:16:30"));
    run.finish();
    assertThat(run.counts()).isEqualTo(Run.expected("received=1 sent=1"));
  }
}
