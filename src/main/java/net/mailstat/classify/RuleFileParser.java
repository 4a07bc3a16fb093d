package net.mailstat.classify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.mailstat.count.Category;
import net.mailstat.count.DetailKey;

/** Reads the rule-file format described in docs/rules.md. */
final class RuleFileParser {
  private static final Pattern MACRO = Pattern.compile("\\{([A-Z][A-Z0-9_]*)}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /** The rules and the names the file disables. */
  record Parsed(List<Rule> rules, List<String> disabled) {}

  private final Map<String, String> macros = new LinkedHashMap<>();

  Parsed parse(String text, String source) throws RuleSyntaxException {
    List<Rule> rules = new ArrayList<>();
    List<String> disabled = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    StringBuilder logical = new StringBuilder();
    int logicalStart = 0;
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      if (logical.length() == 0) {
        logicalStart = i + 1;
        if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
          continue;
        }
      }
      if (raw.endsWith("\\")) {
        logical.append(raw, 0, raw.length() - 1).append(' ');
        continue;
      }
      logical.append(raw);
      String statement = logical.toString().strip();
      logical.setLength(0);
      parseStatement(statement, source, logicalStart, rules, disabled);
    }
    if (logical.length() > 0) {
      throw new RuleSyntaxException(source, logicalStart, "line continues past the end of the file");
    }
    return new Parsed(rules, disabled);
  }

  private void parseStatement(String statement, String source, int line, List<Rule> rules,
      List<String> disabled) throws RuleSyntaxException {
    if (statement.startsWith("define ")) {
      String[] parts = statement.substring(7).strip().split("\\s+", 2);
      if (parts.length != 2 || !parts[0].matches("[A-Z][A-Z0-9_]*")) {
        throw new RuleSyntaxException(source, line, "expected 'define NAME VALUE' with an upper-case NAME");
      }
      macros.put(parts[0], expand(parts[1], source, line));
      return;
    }
    if (statement.startsWith("disable ")) {
      for (String name : statement.substring(8).strip().split("\\s+")) {
        disabled.add(name);
      }
      return;
    }
    int tilde = statement.indexOf(" ~ ");
    if (tilde < 0) {
      throw new RuleSyntaxException(source, line, "expected 'NAME PROGRAMS OUTCOME [OPTION...] ~ REGEX'");
    }
    String regex = expand(statement.substring(tilde + 3).strip(), source, line);
    List<String> words = tokenize(statement.substring(0, tilde), source, line);
    if (words.size() < 3) {
      throw new RuleSyntaxException(source, line, "a rule needs a name, programs and an outcome before '~'");
    }
    String name = words.get(0);
    if (!NAME.matcher(name).matches()) {
      throw new RuleSyntaxException(source, line, "bad rule name '" + name + "'");
    }
    List<String> programs = List.of(words.get(1).split(","));
    Outcome outcome;
    try {
      outcome = Outcome.parse(words.get(2));
    } catch (IllegalArgumentException e) {
      throw new RuleSyntaxException(source, line, e.getMessage());
    }
    Set<Mode> modes = EnumSet.allOf(Mode.class);
    String flag = null;
    boolean flagNegated = false;
    List<String> has = new ArrayList<>();
    List<String> any = new ArrayList<>();
    List<String> not = new ArrayList<>();
    boolean continueAfter = false;
    boolean localReinjection = false;
    String reason = null;
    Category unclaimed = null;
    Rule.ClamdRole clamd = Rule.ClamdRole.NONE;
    Rule.Linked linked = Rule.Linked.NONE;
    for (String option : words.subList(3, words.size())) {
      int eq = option.indexOf('=');
      String key = eq < 0 ? option : option.substring(0, eq);
      String value = eq < 0 ? null : option.substring(eq + 1);
      switch (key) {
        case "mode" -> modes = EnumSet.of(parseMode(value, source, line));
        case "if" -> {
          flagNegated = value != null && value.startsWith("!");
          flag = flagNegated ? value.substring(1) : value;
          if (!ClassifierOptions.KNOWN_FLAGS.contains(flag)) {
            throw new RuleSyntaxException(source, line,
                "unknown flag '" + value + "' (known: " + String.join(", ", ClassifierOptions.KNOWN_FLAGS) + ")");
          }
        }
        case "has" -> has.add(requireValue(key, value, source, line));
        case "any" -> any.add(requireValue(key, value, source, line));
        case "not" -> not.add(requireValue(key, value, source, line));
        case "continue" -> continueAfter = true;
        case "local-reinjection" -> localReinjection = true;
        case "reason" -> {
          reason = requireValue(key, value, source, line);
          if (!(outcome instanceof Outcome.Count c && c.category() == Category.REJECTED)) {
            throw new RuleSyntaxException(source, line, "'reason=' is for rules whose outcome is rejected");
          }
          if (!DetailKey.isLabel(reason)) {
            throw new RuleSyntaxException(source, line, "bad reason '" + reason
                + "' (lower-case letters, digits, '.', '_', '-'; at most " + DetailKey.MAX_LABEL + ")");
          }
        }
        case "unclaimed" -> {
          String category = requireValue(key, value, source, line);
          if (!(outcome instanceof Outcome.Handoff)) {
            throw new RuleSyntaxException(source, line, "'unclaimed=' is for rules whose outcome is handoff");
          }
          unclaimed = Category.byKey(category).orElseThrow(() -> new RuleSyntaxException(source, line,
              "unknown category '" + category + "' in 'unclaimed=' (sent or delivered)"));
        }
        case "clamd" -> {
          String role = requireValue(key, value, source, line);
          if (!(outcome instanceof Outcome.Count c && c.category() == Category.VIRUS)) {
            throw new RuleSyntaxException(source, line, "'clamd=' is for rules whose outcome is virus");
          }
          clamd = switch (role) {
            case "scan" -> Rule.ClamdRole.SCAN;
            case "verdict" -> Rule.ClamdRole.VERDICT;
            default -> throw new RuleSyntaxException(source, line, "unknown 'clamd=" + role + "' (scan or verdict)");
          };
        }
        case "linked" -> {
          String role = requireValue(key, value, source, line);
          Category wanted = switch (role) {
            case "pickup" -> Category.RECEIVED;
            case "pipe" -> Category.DELIVERED;
            default -> throw new RuleSyntaxException(source, line, "unknown 'linked=" + role + "' (pickup or pipe)");
          };
          if (!(outcome instanceof Outcome.Count c && c.category() == wanted)) {
            throw new RuleSyntaxException(source, line, "'linked=" + role + "' is for rules whose outcome is "
                + wanted.key());
          }
          linked = role.equals("pickup") ? Rule.Linked.PICKUP : Rule.Linked.PIPE;
        }
        default -> throw new RuleSyntaxException(source, line, "unknown option '" + option + "'");
      }
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new RuleSyntaxException(source, line,
          "bad regular expression: " + e.getDescription() + " near index " + e.getIndex());
    }
    if (outcome instanceof Outcome.Detail d && d.group() != null && !pattern.pattern().contains("(?<" + d.group() + ">")) {
      throw new RuleSyntaxException(source, line, "the label names $" + d.group() + " but the regex has no (?<"
          + d.group() + ">...) group");
    }
    if (linked != Rule.Linked.NONE && !pattern.pattern().contains("(?<qid>")) {
      throw new RuleSyntaxException(source, line, "'linked=' needs the line's queue id: a (?<qid>...) group");
    }
    if (outcome instanceof Outcome.Detail && continueAfter) {
      throw new RuleSyntaxException(source, line, "'continue' is for counting rules (detail rules never stop a chain)");
    }
    rules.add(new Rule(name, programs, outcome, modes, flag, flagNegated, List.copyOf(has),
        List.copyOf(any), List.copyOf(not), continueAfter, localReinjection, reason, unclaimed, clamd, linked, pattern,
        source + ":" + line));
  }

  private static Mode parseMode(String value, String source, int line) throws RuleSyntaxException {
    if ("default".equals(value)) {
      return Mode.DEFAULT;
    }
    if ("mailgraph".equals(value)) {
      return Mode.MAILGRAPH;
    }
    throw new RuleSyntaxException(source, line, "mode must be 'default' or 'mailgraph'");
  }

  private static String requireValue(String key, String value, String source, int line)
      throws RuleSyntaxException {
    if (value == null || value.isEmpty()) {
      throw new RuleSyntaxException(source, line, "'" + key + "=' needs a value");
    }
    return value;
  }

  private String expand(String text, String source, int line) throws RuleSyntaxException {
    Matcher m = MACRO.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = macros.get(m.group(1));
      if (value == null) {
        // {6} and similar are regex quantifiers, not macros; only upper-case names are macros.
        throw new RuleSyntaxException(source, line, "undefined macro {" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Splits on blanks; {@code key="a b"} keeps its quoted blank. */
  private static List<String> tokenize(String text, String source, int line) throws RuleSyntaxException {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (quoted) {
      throw new RuleSyntaxException(source, line, "unterminated quote");
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }
}
