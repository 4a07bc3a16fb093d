package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.mailstat.count.CounterSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in rule against real-format lines: rule-cases.txt. */
class RuleTableTest {
  record Block(String rule, Set<Mode> modes, Set<String> flags, String expect, List<String> flow, List<String> misses) {
    /** A detail rule's block: its details are checked too (other blocks' lines may count details). */
    boolean isDetail() {
      return builtinRule(rule).outcome() instanceof Outcome.Detail;
    }

    @Override
    public String toString() {
      return rule + " " + modes + (flags.isEmpty() ? "" : " " + flags);
    }
  }

  static List<Block> blocks() throws IOException {
    String text;
    try (InputStream in = RuleTableTest.class.getResourceAsStream("rule-cases.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Block> blocks = new ArrayList<>();
    String rule = null;
    Set<Mode> modes = null;
    Set<String> flags = Set.of();
    String expect = null;
    List<String> flow = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    for (String line : (text + "\nrule END").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("rule ")) {
        if (rule != null) {
          blocks.add(new Block(rule, modes, flags, expect, List.copyOf(flow), List.copyOf(misses)));
        }
        String[] words = line.substring(5).split("\\s+");
        rule = words[0];
        modes = null;
        flags = Set.of();
        expect = null;
        flow.clear();
        misses.clear();
        for (int i = 1; i < words.length; i++) {
          if (words[i].startsWith("mode=")) {
            modes = EnumSet.of(words[i].equals("mode=default") ? Mode.DEFAULT : Mode.MAILGRAPH);
          } else if (words[i].startsWith("flags=")) {
            flags = Set.of(words[i].substring(6).split(","));
          }
        }
        if (modes == null && !rule.equals("END")) {
          modes = builtinRule(rule).modes();
        }
      } else if (line.startsWith("expect ")) {
        expect = line.substring(7);
      } else if (line.startsWith("miss ")) {
        misses.add(line.substring(5));
      } else {
        flow.add(line);
      }
    }
    return blocks;
  }

  static Rule builtinRule(String name) {
    return RuleSet.builtin().rules().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("rule-cases.txt names unknown rule " + name));
  }

  static Stream<Arguments> cases() throws IOException {
    return blocks().stream().flatMap(b -> b.modes().stream().map(m -> Arguments.of(b, m)));
  }

  @ParameterizedTest(name = "{0} in {1} mode")
  @MethodSource("cases")
  void flowCountsWhatTheLinesAre(Block block, Mode mode) {
    Run run = new Run(RuleSet.builtin(), Run.options(mode, block.flags())).feed(block.flow().toArray(String[]::new)).finish();

    assertThat(run.counts()).isEqualTo(Run.expected(block.expect()));
    if (block.isDetail()) {
      assertThat(run.details()).as("details").isEqualTo(Run.expectedDetails(block.expect()));
    }
    assertThat(run.lines().unparsed()).as("unparsed lines").isZero();
  }

  @ParameterizedTest(name = "{0} in {1} mode")
  @MethodSource("cases")
  void theNamedRuleIsTheOneThatCounts(Block block, Mode mode) throws RuleSyntaxException {
    RuleSet without = RuleSet.builtin().overlay("disable " + block.rule() + "\n", "test");
    Run with = new Run(RuleSet.builtin(), Run.options(mode, block.flags())).feed(block.flow().toArray(String[]::new)).finish();
    Run withoutRule = new Run(without, Run.options(mode, block.flags())).feed(block.flow().toArray(String[]::new)).finish();

    assertThat(List.of(withoutRule.timeline, withoutRule.detailTimeline))
        .isNotEqualTo(List.of(with.timeline, with.detailTimeline));
  }

  @ParameterizedTest(name = "{0} in {1} mode")
  @MethodSource("cases")
  void nearMissesCountNothing(Block block, Mode mode) {
    for (String miss : block.misses()) {
      Run run = new Run(RuleSet.builtin(), Run.options(mode, block.flags())).feed(miss).finish();
      assertThat(run.counts()).as(miss).isEqualTo(CounterSnapshot.zero());
      if (block.isDetail()) {
        assertThat(run.details()).as("details of " + miss).isEmpty();
      }
      assertThat(run.lines().unparsed()).as("unparsed: " + miss).isZero();
    }
  }

  @Test
  void everyBuiltinRuleHasABlock() throws IOException {
    Set<String> covered = blocks().stream().map(Block::rule).collect(Collectors.toSet());
    Set<String> builtin = RuleSet.builtin().rules().stream().map(Rule::name).collect(Collectors.toCollection(TreeSet::new));

    builtin.removeAll(covered);
    assertThat(builtin).as("built-in rules without a case in rule-cases.txt").isEmpty();
  }
}
