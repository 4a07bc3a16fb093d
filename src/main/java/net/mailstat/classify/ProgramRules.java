package net.mailstat.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the rule chain for a syslog program name. Postfix programs are found by their last
 * component when the first one starts with "postfix", so {@code postfix/submission/smtpd},
 * {@code postfix-out/smtp} and {@code postfix1/smtpd} reach the smtpd and smtp rules.
 */
final class ProgramRules {
  private static final String POSTFIX = "postfix";

  private final ByteKeyTable<CompiledRule[]> postfixServices = new ByteKeyTable<>();
  private final ByteKeyTable<CompiledRule[]> programs = new ByteKeyTable<>();
  private final Literals literals = new Literals();

  ProgramRules(RuleSet ruleSet, ClassifierOptions options) {
    Map<String, List<CompiledRule>> byProgram = new LinkedHashMap<>();
    for (Rule rule : ruleSet.rules()) {
      if (!rule.appliesTo(options.mode(), options.flags())) {
        continue;
      }
      for (String program : rule.programs()) {
        byProgram.computeIfAbsent(program, p -> new ArrayList<>()).add(new CompiledRule(rule, literals));
      }
    }
    if (options.flags().contains("lmtp-is-smtp")) {
      List<CompiledRule> smtp = byProgram.get(POSTFIX + "/smtp");
      if (smtp != null) {
        List<CompiledRule> copy = new ArrayList<>();
        smtp.forEach(r -> copy.add(new CompiledRule(r.rule, literals)));
        byProgram.put(POSTFIX + "/lmtp", copy);
      }
    }
    byProgram.forEach((program, rules) -> {
      // Detail rules go last (stable): the counting loop ends where they begin.
      rules.sort(java.util.Comparator.comparing(r -> r.detail != null));
      CompiledRule[] chain = rules.toArray(CompiledRule[]::new);
      if (program.startsWith(POSTFIX + "/")) {
        postfixServices.put(program.substring(POSTFIX.length() + 1), chain);
      } else {
        programs.put(program, chain);
      }
    });
  }

  Literals.Scan newScan() {
    return literals.newScan();
  }

  /** The chain for {@code buf[start, end)}, or null if no rule names that program. */
  CompiledRule[] chainFor(byte[] buf, int start, int end) {
    int firstSlash = -1;
    int lastSlash = -1;
    for (int i = start; i < end; i++) {
      if (buf[i] == '/') {
        if (firstSlash < 0) {
          firstSlash = i;
        }
        lastSlash = i;
      }
    }
    if (firstSlash > 0 && firstSlash - start >= POSTFIX.length() && isPostfixPrefix(buf, start)) {
      return postfixServices.get(buf, lastSlash + 1, end);
    }
    return programs.get(buf, start, end);
  }

  private static boolean isPostfixPrefix(byte[] buf, int start) {
    for (int i = 0; i < POSTFIX.length(); i++) {
      if (buf[start + i] != POSTFIX.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
