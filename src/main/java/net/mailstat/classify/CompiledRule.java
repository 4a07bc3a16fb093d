package net.mailstat.classify;

import java.util.List;
import java.util.regex.Matcher;

/**
 * A {@link Rule} ready to run on one classifier's thread: its literals as ids into the chain's
 * {@link Literals} table (each searched at most once per line), a reusable matcher.
 */
final class CompiledRule {
  final Rule rule;
  final Outcome outcome;
  private final int[] has;
  private final int[] any;
  private final int[] not;
  final Matcher matcher;
  /** {@code ^...} without a top-level {@code |}: only position 0 can match, so no search. */
  private final boolean anchored;
  /**
   * The literal text every match starts with (after an optional {@code \b}), or null: the search
   * then starts at its first occurrence instead of trying every position.
   */
  private final String prefix;
  final boolean capturesHost;
  final boolean capturesQid;
  final boolean capturesNewQid;
  final boolean capturesReinjected;
  final boolean capturesCount;
  final boolean capturesFiltered;

  CompiledRule(Rule rule, Literals literals) {
    this.rule = rule;
    this.outcome = rule.outcome();
    this.has = ids(rule.has(), literals);
    this.any = ids(rule.any(), literals);
    this.not = ids(rule.not(), literals);
    this.matcher = rule.pattern().matcher("");
    this.anchored = isAnchored(rule.pattern().pattern());
    this.prefix = anchored ? null : literalPrefix(rule.pattern().pattern());
    if (prefix != null) {
      matcher.useTransparentBounds(true).useAnchoringBounds(false);
    }
    this.capturesHost = rule.hasGroup("host");
    this.capturesQid = rule.hasGroup("qid");
    this.capturesNewQid = rule.hasGroup("newqid");
    this.capturesReinjected = rule.hasGroup("reinjected");
    this.capturesCount = rule.hasGroup("n");
    this.capturesFiltered = rule.hasGroup("filtered");
  }

  private static int[] ids(List<String> texts, Literals literals) {
    int[] out = new int[texts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = literals.id(texts.get(i));
    }
    return out;
  }

  static boolean isAnchored(String regex) {
    return regex.startsWith("^") && !hasTopLevelAlternation(regex);
  }

  /**
   * The literal a match of {@code regex} must start with, at least 3 characters, or null. Only for
   * patterns without flags or a top-level alternation; the literal stops before a quantified
   * character.
   */
  static String literalPrefix(String regex) {
    if (hasTopLevelAlternation(regex) || (regex.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length != regex.length())) {
      return null;
    }
    int i = regex.startsWith("\\b") ? 2 : 0;
    StringBuilder literal = new StringBuilder();
    while (i < regex.length()) {
      char c = regex.charAt(i);
      int next;
      char value;
      if (c == '\\') {
        if (i + 1 >= regex.length() || Character.isLetterOrDigit(regex.charAt(i + 1))) {
          break;
        }
        value = regex.charAt(i + 1);
        next = i + 2;
      } else if (".[]()*+?{}|^$".indexOf(c) >= 0) {
        break;
      } else {
        value = c;
        next = i + 1;
      }
      if (next < regex.length() && "*+?{".indexOf(regex.charAt(next)) >= 0) {
        break;
      }
      literal.append(value);
      i = next;
    }
    return literal.length() >= 3 ? literal.toString() : null;
  }

  private static boolean hasTopLevelAlternation(String regex) {
    int depth = 0;
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return true;
      }
    }
    return false;
  }

  /** The cheap byte checks; true means the regex is worth running. */
  boolean literalsAllow(Literals.Scan scan) {
    for (int id : has) {
      if (!scan.contains(id)) {
        return false;
      }
    }
    if (any.length > 0) {
      boolean found = false;
      for (int id : any) {
        if (scan.contains(id)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    for (int id : not) {
      if (scan.contains(id)) {
        return false;
      }
    }
    return true;
  }

  /** Runs the regex (a search, like Perl's =~) on {@code message}; groups are then in {@link #matcher}. */
  boolean matches(String message) {
    matcher.reset(message);
    if (anchored) {
      return matcher.lookingAt();
    }
    if (prefix != null) {
      int at = message.indexOf(prefix);
      if (at < 0) {
        return false;
      }
      matcher.region(at, message.length());
    }
    return matcher.find();
  }

  String group(String name) {
    return matcher.group(name);
  }
}
