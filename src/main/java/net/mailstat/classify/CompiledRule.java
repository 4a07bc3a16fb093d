package net.mailstat.classify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;

/** A {@link Rule} ready to run on one classifier's thread: literals as bytes, a reusable matcher. */
final class CompiledRule {
  final Rule rule;
  final Outcome outcome;
  private final byte[][] has;
  private final byte[][] not;
  final Matcher matcher;
  final boolean capturesHost;
  final boolean capturesQid;
  final boolean capturesNewQid;
  final boolean capturesReinjected;
  final boolean capturesCount;
  final boolean capturesFiltered;

  CompiledRule(Rule rule) {
    this.rule = rule;
    this.outcome = rule.outcome();
    this.has = toBytes(rule.has());
    this.not = toBytes(rule.not());
    this.matcher = rule.pattern().matcher("");
    this.capturesHost = rule.hasGroup("host");
    this.capturesQid = rule.hasGroup("qid");
    this.capturesNewQid = rule.hasGroup("newqid");
    this.capturesReinjected = rule.hasGroup("reinjected");
    this.capturesCount = rule.hasGroup("n");
    this.capturesFiltered = rule.hasGroup("filtered");
  }

  private static byte[][] toBytes(List<String> literals) {
    byte[][] out = new byte[literals.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = literals.get(i).getBytes(StandardCharsets.ISO_8859_1);
    }
    return out;
  }

  /** The cheap byte checks; true means the regex is worth running. */
  boolean literalsAllow(byte[] buf, int start, int end) {
    for (byte[] literal : has) {
      if (Bytes.indexOf(buf, start, end, literal) < 0) {
        return false;
      }
    }
    for (byte[] literal : not) {
      if (Bytes.indexOf(buf, start, end, literal) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Runs the regex (find, like Perl's =~) on {@code message}; groups are then in {@link #matcher}. */
  boolean matches(CharSequence message) {
    return matcher.reset(message).find();
  }

  String group(String name) {
    return matcher.group(name);
  }
}
