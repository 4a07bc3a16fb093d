package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/counting.md: one inbound message through amavis, clean, to one local
 * user. Default mode counts it once whatever order Postfix logs the re-injection in; mailgraph
 * mode counts what mailgraph 1.14 counted.
 */
class ReinjectionTest {
  static final String CLIENT = "Nov 23 18:56:29 mx postfix/smtpd[4672]: 3A452D963D: client=mail.example.net[198.51.100.9]";
  static final String AMAVIS = "Nov 23 18:56:30 mx amavis[4051]: (04051-01) Passed CLEAN {RelayedInbound}, [198.51.100.9]:4711"
      + " [198.51.100.9] <a@example.net> -> <user@example.org>, Queue-ID: 3A452D963D, Message-ID: <m@example.net>,"
      + " mail_id: xYz1, Hits: -0.9, size: 2345, queued_as: D2FF7D9649, 1234 ms";
  static final String REINJECTION = "Nov 23 18:56:30 mx postfix/smtpd[4591]: D2FF7D9649: client=localhost[127.0.0.1]";
  static final String REINJECTION_XFORWARD = "Nov 23 18:56:30 mx postfix/smtpd[4591]: D2FF7D9649: client=localhost[127.0.0.1],"
      + " orig_queue_id=3A452D963D, orig_client=mail.example.net[198.51.100.9]";
  static final String HANDOFF = "Nov 23 18:56:30 mx postfix/smtp[4716]: 3A452D963D: to=<user@example.org>,"
      + " relay=127.0.0.1[127.0.0.1]:10024, delay=1.2, delays=0.1/0/0/1.1, dsn=2.0.0, status=sent (250 2.0.0 from"
      + " MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as D2FF7D9649)";
  static final String LOCAL = "Nov 23 18:56:31 mx postfix/local[4735]: D2FF7D9649: to=<user@example.org>, relay=local,"
      + " delay=0.02, delays=0/0/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)";

  @Test
  void reinjectionLoggedBeforeTheHandoffIsNotReceivedMail() {
    Run run = Run.of(Mode.DEFAULT, CLIENT, REINJECTION, HANDOFF, LOCAL);

    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void reinjectionLoggedAfterTheHandoffIsNotReceivedMail() {
    Run run = Run.of(Mode.DEFAULT, CLIENT, HANDOFF, REINJECTION, LOCAL);

    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void onlyTheAmavisLineNamesTheReinjection() {
    Run run = Run.of(Mode.DEFAULT, CLIENT, REINJECTION, AMAVIS, LOCAL);

    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  /** A central loghost: another server's clock runs an hour ahead of mx's. */
  static final String OTHER_HOST_AHEAD = "Nov 23 19:56:30 mx2 postfix/smtpd[99]: connect from x.example[192.0.2.9]";

  @Test
  void anotherHostsClockDoesNotExpireAHeldReception() {
    Run run = Run.of(Mode.DEFAULT, CLIENT, REINJECTION, OTHER_HOST_AHEAD, HANDOFF, LOCAL);

    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void anotherHostsClockDoesNotForgetAHandoff() {
    Run run = Run.of(Mode.DEFAULT, CLIENT, HANDOFF, OTHER_HOST_AHEAD,
        OTHER_HOST_AHEAD.replace("connect from", "D0: to=<a@b>, relay=127.0.0.1[127.0.0.1]:10024, delay=1,"
            + " dsn=2.0.0, status=sent (250 queued as Q1)").replace("smtpd", "smtp"),
        REINJECTION, LOCAL);

    assertThat(run.counts()).as("mx's hand-off still claims its re-injection; mx2's names a queue id never"
        + " received there: a delivery").isEqualTo(Run.expected("received=1 delivered=1 sent=1"));
  }

  @Test
  void theHostsOwnClockStillExpiresAHeldReception() {
    Run run = Run.of(Mode.DEFAULT, CLIENT, REINJECTION, OTHER_HOST_AHEAD.replace("mx2", "mx"), HANDOFF, LOCAL);

    assertThat(run.counts()).as("held past mx's own window: counted as a local submission")
        .isEqualTo(Run.expected("received=2 delivered=1"));
  }

  @Test
  void xforwardReinjectionNeedsNoLookAhead() {
    Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of())).feed(CLIENT, REINJECTION_XFORWARD);

    assertThat(run.counts()).isEqualTo(Run.expected("received=1"));
    run.feed(HANDOFF, LOCAL).finish();
    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void mailgraphCountsTheHopTwice() {
    assertThat(Run.of(Mode.MAILGRAPH, CLIENT, REINJECTION, HANDOFF, LOCAL).counts())
        .isEqualTo(Run.expected("received=2 sent=1"));
    assertThat(Run.of(Mode.MAILGRAPH, CLIENT, REINJECTION_XFORWARD, HANDOFF, LOCAL).counts())
        .isEqualTo(Run.expected("received=2 sent=1"));
  }

  @Test
  void mailgraphIgnoreLocalhostAlsoIgnoresXforwardReinjections() {
    ClassifierOptions options = new ClassifierOptions(Mode.MAILGRAPH, Set.of(), true, List.of(), null, null, Run.UTC, Run.NOV_2026);
    Run run = new Run(RuleSet.builtin(), options).feed(CLIENT, REINJECTION_XFORWARD, HANDOFF, LOCAL).finish();

    assertThat(run.counts()).isEqualTo(Run.expected("received=1"));
  }

  @Test
  void aLocalApplicationSubmittingOverLoopbackIsReceivedMail() {
    String webmail = "Nov 23 18:57:00 mx postfix/smtpd[4700]: 4B452D963E: client=localhost[127.0.0.1]";
    String handoff = "Nov 23 18:57:01 mx postfix/smtp[4716]: 4B452D963E: to=<friend@example.com>,"
        + " relay=127.0.0.1[127.0.0.1]:10024, delay=1.2, delays=0.1/0/0/1.1, dsn=2.0.0, status=sent (250 2.0.0 from"
        + " MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 5C452D963F)";
    Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of())).feed(webmail);

    assertThat(run.counts()).as("held back until it is known").isEqualTo(Run.expected("nothing"));
    run.feed(handoff);
    assertThat(run.counts()).as("a delivery on loopback naming a queue id not received yet may be a smarthost's")
        .isEqualTo(Run.expected("nothing"));
    run.feed("Nov 23 18:57:01 mx postfix/smtpd[4701]: 5C452D963F: client=localhost[127.0.0.1]");
    assertThat(run.counts()).as("its re-injection is logged: it reached the filter, an original message")
        .isEqualTo(Run.expected("received=1"));
  }

  @Test
  void aLoopbackReceptionNobodyClaimsIsCountedWhenTheWindowHasPassed() {
    String webmail = "Nov 23 18:57:00 mx postfix/smtpd[4700]: 4B452D963E: client=localhost[127.0.0.1]";
    String later = "Nov 23 19:07:01 mx postfix/qmgr[1]: 4B452D963E: removed";
    Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of())).feed(webmail, "Nov 23 19:06:59 mx postfix/qmgr[1]: x");

    assertThat(run.counts()).isEqualTo(Run.expected("nothing"));
    run.feed(later);
    assertThat(run.counts()).isEqualTo(Run.expected("received=1"));
  }

  @Test
  void heldReceptionsAreBounded() {
    List<String> lines = new ArrayList<>();
    int n = ReinjectionTracker.MAX_ENTRIES + 10;
    for (int i = 0; i < n; i++) {
      lines.add("Nov 23 18:57:00 mx postfix/smtpd[4700]: %010X: client=localhost[127.0.0.1]".formatted(i));
    }
    Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of())).feed(lines.toArray(String[]::new));

    assertThat(run.counts()).isEqualTo(Run.expected("received=10"));
    run.finish();
    assertThat(run.counts()).isEqualTo(Run.expected("received=" + n));
  }
}
