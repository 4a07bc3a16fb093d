package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.mailstat.classify.Explanation.Counted;
import net.mailstat.classify.Explanation.Decision;
import net.mailstat.classify.Explanation.DecisionKind;
import net.mailstat.classify.Explanation.Trial;
import net.mailstat.classify.Explanation.Verdict;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.line.LineSink;
import net.mailstat.source.LineSplitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mailstat explain on every built-in rule's flow and near misses (rule-cases.txt) and on the golden
 * logs' look-ahead: what it prints must be what the classifier counts.
 */
class ExplainTest {
  private static final Set<DecisionKind> WHY_NOT_COUNTED = EnumSet.of(DecisionKind.IGNORED_PEER,
      DecisionKind.REINJECTION_BY_PATTERN, DecisionKind.KNOWN_REINJECTION, DecisionKind.HELD, DecisionKind.HELD_SCAN,
      DecisionKind.SCAN_PAIRED);
  private static final Set<DecisionKind> SETTLES = EnumSet.of(DecisionKind.SETTLES_AS_RECEIVED,
      DecisionKind.SETTLES_AS_VIRUS);
  private static final Set<DecisionKind> HELD = EnumSet.of(DecisionKind.HELD, DecisionKind.HELD_SCAN);

  static Stream<Arguments> cases() throws IOException {
    return RuleTableTest.cases();
  }

  private static List<Explanation> explainAll(Explainer explainer, List<String> lines) {
    List<Explanation> out = new ArrayList<>();
    for (String line : lines) {
      Explanation e = explainer.explain(line);
      assertThat(matchedRules(e)).as("the rule walk of: " + line).isEqualTo(explainer.matchedByClassifier());
      out.add(e);
    }
    out.add(explainer.finish());
    return out;
  }

  private static List<String> matchedRules(Explanation e) {
    return e.chain().stream().filter(t -> t.verdict() == Verdict.MATCHED).map(Trial::rule).toList();
  }

  private static CounterSnapshot total(List<Explanation> explained) {
    CounterSnapshot s = CounterSnapshot.zero();
    for (Explanation e : explained) {
      for (Counted c : e.counted()) {
        s = s.plus(CounterSnapshot.zero().with(c.category(), c.n()));
      }
    }
    return s;
  }

  /** Each count is explained: by a matched rule of this line, a repeat, or a settled held line. */
  private static void everyCountIsExplained(List<Explanation> explained) {
    Map<Long, Explanation> byLine = new HashMap<>();
    explained.forEach(e -> byLine.put(e.lineNumber(), e));
    for (Explanation e : explained) {
      for (Counted c : e.counted()) {
        if (c.forLine() == e.lineNumber()) {
          boolean byRule = e.chain().stream().anyMatch(t -> t.verdict() == Verdict.MATCHED
              && t.outcome().equals(c.category().key()));
          boolean byRepeat = e.decisions().stream().anyMatch(d -> d.kind() == DecisionKind.REPEAT);
          assertThat(byRule || byRepeat).as("line %d counts %s: %s", e.lineNumber(), c, e).isTrue();
        } else {
          assertThat(e.decisions()).as("line %d counts for line %d", e.lineNumber(), c.forLine())
              .anyMatch(d -> SETTLES.contains(d.kind()) && d.otherLine() == c.forLine());
          assertThat(byLine.get(c.forLine()).decisions()).as("line %d was held", c.forLine())
              .anyMatch(d -> HELD.contains(d.kind()));
        }
      }
      for (Trial t : e.chain()) {
        boolean counting = Category.byKey(t.outcome()).isPresent();
        if (t.verdict() == Verdict.MATCHED && counting && e.counted().stream().noneMatch(c -> c.forLine() == e.lineNumber())) {
          assertThat(e.decisions()).as("line %d matched %s but counts nothing: why?", e.lineNumber(), t.rule())
              .anyMatch(d -> WHY_NOT_COUNTED.contains(d.kind()));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} in {1} mode")
  @MethodSource("cases")
  void theFlowIsExplainedAsItIsCounted(RuleTableTest.Block block, Mode mode) {
    List<Explanation> explained = explainAll(new Explainer(RuleSet.builtin(), Run.options(mode, block.flags())),
        block.flow());

    assertThat(total(explained)).isEqualTo(Run.expected(block.expect()));
    assertThat(explained).as("rule %s matches in its flow", block.rule())
        .anyMatch(e -> matchedRules(e).contains(block.rule()));
    everyCountIsExplained(explained);
  }

  @ParameterizedTest(name = "{0} in {1} mode")
  @MethodSource("cases")
  void nearMissesSayWhyTheRuleDidNotCount(RuleTableTest.Block block, Mode mode) {
    for (String miss : block.misses()) {
      List<Explanation> explained = explainAll(new Explainer(RuleSet.builtin(), Run.options(mode, block.flags())),
          List.of(miss));
      Explanation e = explained.get(0);

      assertThat(total(explained)).as(miss).isEqualTo(CounterSnapshot.zero());
      assertThat(e.syntax()).as(miss).isEqualTo("message");
      for (Trial t : e.chain()) {
        if (t.verdict() != Verdict.MATCHED) {
          assertThat(t.reason()).as(t.rule()).isNotBlank();
        }
      }
      everyCountIsExplained(explained);
    }
  }

  private static List<String> lines(String resource) throws IOException {
    List<String> lines = new ArrayList<>();
    try (InputStream in = ExplainTest.class.getResourceAsStream("golden/" + resource)) {
      new LineSplitter(new LineSink() {
        @Override
        public void line(byte[] buf, int start, int end) {
          lines.add(new String(buf, start, end - start, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void overlongLine() {
          throw new AssertionError("overlong line in a golden log");
        }
      }, LineSplitter.DEFAULT_MAX_LINE_BYTES).readAll(in);
    }
    return lines;
  }

  @ParameterizedTest
  @ValueSource(strings = {"postfix-amavis.log", "postfix-amavis-rfc3339.log"})
  void theGoldenLogsLookAheadIsPrintedAsItIsDecided(String log) throws IOException {
    List<String> lines = lines(log);
    List<Explanation> explained = explainAll(new Explainer(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of())),
        lines);
    Run counted = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of())).feed(lines.toArray(String[]::new))
        .finish();

    assertThat(total(explained)).isEqualTo(counted.counts());
    everyCountIsExplained(explained);
    Map<String, Long> heldAt = new HashMap<>();
    int loopbackReceptions = 0;
    Set<String> loopbackQueueIds = new java.util.HashSet<>();
    int settled = 0;
    for (Explanation e : explained) {
      boolean loopbackClient = e.envelope() != null && e.envelope().message().contains(": client=localhost[127.0.0.1]");
      if (loopbackClient) {
        loopbackReceptions++;
        loopbackQueueIds.add(e.envelope().message().substring(0, e.envelope().message().indexOf(':')));
        boolean reinjectionRule = e.chain().stream()
            .anyMatch(t -> t.verdict() == Verdict.MATCHED && t.outcome().equals("-"));
        boolean decided = e.decisions().stream().anyMatch(d -> d.kind() == DecisionKind.HELD
            || d.kind() == DecisionKind.KNOWN_REINJECTION || d.kind() == DecisionKind.REINJECTION_BY_PATTERN);
        assertThat(reinjectionRule || decided).as("a loopback reception is decided: %s", e.line()).isTrue();
      }
      for (Decision d : e.decisions()) {
        switch (d.kind()) {
          case HELD -> heldAt.put(d.queueId(), e.lineNumber());
          case SETTLES_AS_REINJECTION, SETTLES_AS_RECEIVED -> {
            assertThat(heldAt.remove(d.queueId())).as("line %d settles %s", e.lineNumber(), d.queueId())
                .isEqualTo(d.otherLine());
            settled++;
          }
          default -> { }
        }
      }
    }
    assertThat(heldAt).as("held and never settled").isEmpty();
    assertThat(loopbackReceptions).as("the log has loopback receptions").isGreaterThanOrEqualTo(6);
    assertThat(settled).as("some receptions were held and settled").isPositive();
    // amavis' virus notice (3a) and the webmail submission (6) are new mail from loopback: received
    long receivedForHeld = explained.stream().flatMap(e -> e.decisions().stream())
        .filter(d -> d.kind() == DecisionKind.SETTLES_AS_RECEIVED && loopbackQueueIds.contains(d.queueId())).count();
    assertThat(receivedForHeld).isEqualTo(2);
  }

}
