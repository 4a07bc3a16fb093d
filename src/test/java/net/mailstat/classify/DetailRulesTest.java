package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.mailstat.count.Category;
import org.junit.jupiter.api.Test;

/**
 * Detail rules (reject and deferral reasons) beyond one rule's lines, which rule-cases.txt holds:
 * near misses, repeats, mailgraph mode, hostile labels, and that a counted reject always has a reason.
 */
class DetailRulesTest {
  private static final String H = "Nov 24 10:00:00 mail ";

  @Test
  void nearMissesCountNoDetail() {
    Run run = Run.of(Mode.DEFAULT,
        H + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=1,"
            + " delays=0.01/0/1/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC; was deferred before)",
        H + "postfix/smtpd[77]: warning: Relay access denied test from a config comment",
        H + "postfix/qmgr[5]: 4F1A2B3C4D: from=<a@b>, size=300, nrcpt=1 (queue active) status=deferred");
    assertThat(run.details().keySet()).as("only the sent line's delay, no reason").allMatch(k -> k.startsWith("delay "));
  }

  @Test
  void aRejectNoRuleNamesIsCountedAsOther() {
    Run run = Run.of(Mode.DEFAULT, H + "postfix/smtpd[77]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 550 5.5.1"
        + " Protocol error; from=<a@b> to=<c@d> proto=SMTP helo=<x>");
    assertThat(run.get(Category.REJECTED)).isEqualTo(1);
    assertThat(run.details()).isEqualTo(Map.of("reject other", 1L));
  }

  @Test
  void aRejectCountedAsGreylistedHasNoReason() {
    Run greylisted = Run.of(Mode.DEFAULT, H + "postfix/smtpd[12345]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 451"
        + " 4.7.1 Greylisting in action, please come back later; from=<a@b> to=<c@d> proto=ESMTP helo=<x>");
    assertThat(greylisted.get(Category.GREYLISTED)).isEqualTo(1);
    assertThat(greylisted.details()).isEmpty();
  }

  @Test
  void repeatedLinesRepeatTheirReasons() {
    Run run = Run.of(Mode.DEFAULT,
        H + "postfix/smtpd[77]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 454 4.7.1 <a@b>: Relay access denied;"
            + " from=<x@y> to=<a@b> proto=ESMTP helo=<x>",
        H + "last message repeated 4 times");
    assertThat(run.get(Category.REJECTED)).isEqualTo(5);
    assertThat(run.details()).isEqualTo(Map.of("reject relay-denied", 5L));
  }

  @Test
  void inMailgraphModeTheNineStayMailgraphsAndRejectsStillGetReasons() {
    String line = H + "postfix/smtpd[77]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 554 5.7.1 Service unavailable;"
        + " Client host [192.0.2.9] blocked using zen.spamhaus.org; from=<a@b> to=<c@d> proto=ESMTP helo=<x>";
    Run run = Run.of(Mode.MAILGRAPH, line);
    assertThat(run.get(Category.REJECTED)).isEqualTo(1);
    assertThat(run.details()).isEqualTo(Map.of("reject rbl-zen.spamhaus.org", 1L));
  }

  @Test
  void aHostileListNameBecomesABoundedLabel() {
    Run run = Run.of(Mode.DEFAULT, H + "postfix/smtpd[77]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 554 5.7.1"
        + " Service unavailable; Client host [192.0.2.9] blocked using " + "A.".repeat(100) + "example; from=<a@b>");
    assertThat(run.details()).hasSize(1);
    String key = run.details().keySet().iterator().next();
    assertThat(key).startsWith("reject rbl-a.a.a.").hasSize("reject ".length() + 64);
  }
}
