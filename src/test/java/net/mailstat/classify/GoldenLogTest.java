package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.source.LineSplitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logs captured from a real Postfix + amavisd-new + SpamAssassin + ClamAV system (golden/README.md).
 * The expected counts are the sum of what each message sent to it was.
 */
class GoldenLogTest {
  /** golden/README.md's table, one row per message. */
  private static final String[] MESSAGES = {
    "received=1 delivered=1", // 1 inbound clean
    "received=1 spam=1", // 2 GTUBE, discarded
    "received=1 virus=1", // 3 test virus, discarded
    "received=1 bounced=1", // 3a amavis' virus notice, undeliverable
    "delivered=1", // 3b its bounce, to postmaster
    "rejected=1", // 4 unknown recipient, refused at RCPT
    "received=1 sent=1", // 5 sendmail to a remote recipient
    "received=1 sent=1", // 6 webmail on loopback to a remote recipient
    "received=1 bounced=1", // 7 sendmail to an unknown local user
    "delivered=1", // 7a its bounce, to the sender
    "received=1 delivered=2", // 8 inbound clean, two recipients
  };

  private static CounterSnapshot count(String log, Mode mode) throws IOException {
    Run run = new Run(RuleSet.builtin(), Run.options(mode, Set.of()));
    try (InputStream in = GoldenLogTest.class.getResourceAsStream("golden/" + log)) {
      new LineSplitter(run.classifier, LineSplitter.DEFAULT_MAX_LINE_BYTES).readAll(in);
    }
    run.finish();
    assertThat(run.lines().unparsed()).isZero();
    return run.counts();
  }

  @ParameterizedTest
  @ValueSource(strings = {"postfix-amavis.log", "postfix-amavis-rfc3339.log"})
  void defaultModeCountsEachMessageOnce(String log) throws IOException {
    CounterSnapshot expected = CounterSnapshot.zero();
    for (String message : MESSAGES) {
      expected = expected.plus(Run.expected(message));
    }

    assertThat(count(log, Mode.DEFAULT)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postfix-amavis.log", "postfix-amavis-rfc3339.log"})
  void mailgraphModeCountsEveryHop(String log) throws IOException {
    // every client= line (4 from outside, 5 re-injections, amavis' notice, the webmail submission),
    // every smtp status=sent (8 hand-offs to amavis, 2 relays to example.com)
    assertThat(count(log, Mode.MAILGRAPH))
        .isEqualTo(Run.expected("received=11 sent=10 bounced=2 rejected=1 spam=1 virus=1"));
  }
}
