package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.source.LineSplitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole logs written by real mail systems (scripts/e2e-mailstack --captures; docs/mailstack.md,
 * "Captures"), counted in default mode against the plan the harness wrote from what it sent
 * ({@code expected.json}), not from the log. milter: clamd and clamav-milter both log the EICAR
 * message (one virus); dovecot: Dovecot LMTP and dovecot-lda log their own "saved mail" lines
 * besides Postfix's lmtp and local deliveries (each recipient delivered once); spamc: the pipe
 * delivery to spamc and the re-injection through pickup are one message (linked by message id);
 * amavis: re-injections delivered to a loopback smarthost before their hand-off line; multi: an
 * input instance relaying to an output instance over loopback (postmulti).
 */
class MailstackCaptureTest {
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\\d+)");

  @ParameterizedTest
  @CsvSource({
    "amavis-loopback, all.log",
    "amavis-loopback, all-rfc3339.log",
    "amavis-veth, all.log",
    "amavis-veth, all-rfc3339.log",
    "amavis-xforward-loopback, all.log",
    "amavis-xforward-loopback, all-rfc3339.log",
    "amavis-xforward-veth, all.log",
    "amavis-xforward-veth, all-rfc3339.log",
    "milter-loopback, all.log",
    "milter-loopback, all-rfc3339.log",
    "milter-veth, all.log",
    "milter-veth, all-rfc3339.log",
    "dovecot-loopback, all.log",
    "dovecot-loopback, all-rfc3339.log",
    "dovecot-veth, all.log",
    "dovecot-veth, all-rfc3339.log",
    "spamc-loopback, all.log",
    "spamc-loopback, all-rfc3339.log",
    "spamc-veth, all.log",
    "spamc-veth, all-rfc3339.log",
    "multi-loopback, all.log",
    "multi-loopback, all-rfc3339.log",
    "multi-veth, all.log",
    "multi-veth, all-rfc3339.log",
  })
  void aCapturedSystemCountsWhatItsPlanSays(String system, String log) throws IOException {
    Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of()));
    try (InputStream in = resource(system + "/" + log)) {
      new LineSplitter(run.classifier, LineSplitter.DEFAULT_MAX_LINE_BYTES).readAll(in);
    }
    run.finish();

    assertThat(run.counts()).isEqualTo(plan(system));
  }

  /**
   * The same log with a restart after every single line: each time the look-ahead is saved as a
   * checkpoint would save it and a new classifier starts from it. Still what the plan says.
   */
  @ParameterizedTest
  @CsvSource({
    "amavis-loopback", "amavis-veth", "amavis-xforward-loopback", "amavis-xforward-veth", "milter-loopback",
    "milter-veth", "dovecot-loopback", "dovecot-veth", "spamc-loopback", "spamc-veth", "multi-loopback", "multi-veth",
  })
  void aRestartAfterEveryLineCountsTheSame(String system) throws IOException {
    java.util.List<String> lines;
    try (InputStream in = resource(system + "/all.log")) {
      lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }
    CounterSnapshot total = CounterSnapshot.zero();
    java.util.List<String> saved = java.util.List.of();
    for (String line : lines) {
      Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of()));
      run.classifier.restoreHeldReceptions(HeldReceptions.fromLines(saved));
      run.feed(line);
      saved = run.classifier.heldReceptions().toLines();
      total = total.plus(run.counts());
    }
    Run last = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of()));
    last.classifier.restoreHeldReceptions(HeldReceptions.fromLines(saved));
    last.finish();

    assertThat(total.plus(last.counts())).isEqualTo(plan(system));
  }

  /** The "expected" object of the system's expected.json. */
  private static CounterSnapshot plan(String system) throws IOException {
    String json;
    try (InputStream in = resource(system + "/expected.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String expected = json.substring(json.indexOf("\"expected\""), json.indexOf('}'));
    CounterSnapshot s = CounterSnapshot.zero();
    Matcher m = FIELD.matcher(expected);
    while (m.find()) {
      Category c = Category.byKey(m.group(1)).orElseThrow();
      s = s.with(c, Long.parseLong(m.group(2)));
    }
    assertThat(s).as("the plan of " + system).isNotEqualTo(CounterSnapshot.zero());
    return s;
  }

  private static InputStream resource(String path) {
    InputStream in = MailstackCaptureTest.class.getResourceAsStream("/mailstack/captures/" + path);
    assertThat(in).as(path).isNotNull();
    return in;
  }
}
