package net.mailstat.classify;

import java.util.List;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;

/**
 * A {@link Rule} ready to run on one classifier's thread: its literals as ids into the chain's
 * {@link Literals} table (each searched at most once per line), a reusable {@link MessageMatcher}.
 */
final class CompiledRule {
  final Rule rule;
  final Outcome outcome;
  private final int[] has;
  private final int[] any;
  private final int[] not;
  private final MessageMatcher matcher;
  /**
   * Labels made from group text, so a frequent label is not made again per line. Confined to the
   * thread that owns this rule, as the matcher is; bounded, since the text comes from the log.
   */
  private final java.util.Map<String, DetailKey> keysByGroupText = new java.util.HashMap<>();
  private static final int MAX_CACHED_KEYS = 256;
  final boolean capturesHost;
  final boolean capturesQid;
  final boolean capturesNewQid;
  final boolean capturesReinjected;
  final boolean capturesCount;
  final boolean capturesFiltered;
  /** Non-null for a detail rule. */
  final Outcome.Detail detail;
  /** The key of a detail rule's fixed label (null if the label comes from a group). */
  final DetailKey fixedDetail;
  /** The key of a rejected rule's own {@code reason=} (null without one). */
  final DetailKey reason;

  CompiledRule(Rule rule, Literals literals) {
    this.rule = rule;
    this.outcome = rule.outcome();
    this.has = ids(rule.has(), literals);
    this.any = ids(rule.any(), literals);
    this.not = ids(rule.not(), literals);
    this.matcher = MessageMatcher.forRule(rule);
    this.capturesHost = rule.hasGroup("host");
    this.capturesQid = rule.hasGroup("qid");
    this.capturesNewQid = rule.hasGroup("newqid");
    this.capturesReinjected = rule.hasGroup("reinjected");
    this.capturesCount = rule.hasGroup("n");
    this.capturesFiltered = rule.hasGroup("filtered");
    this.detail = rule.outcome() instanceof Outcome.Detail d ? d : null;
    this.fixedDetail = detail != null && detail.group() == null ? new DetailKey(detail.family(), detail.prefix()) : null;
    this.reason = rule.reason() == null ? null : new DetailKey(DetailFamily.REJECT, rule.reason());
  }

  private static int[] ids(List<String> texts, Literals literals) {
    int[] out = new int[texts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = literals.id(texts.get(i));
    }
    return out;
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

  /** Searches {@code message} for the rule's pattern; groups are then available from {@link #group}. */
  boolean matches(String message) {
    return matcher.find(message);
  }

  String group(String name) {
    return matcher.group(name);
  }

  /** The detail key of a detail rule that just matched. */
  DetailKey detailKey() {
    if (fixedDetail != null) {
      return fixedDetail;
    }
    String text = group(detail.group());
    DetailKey key = keysByGroupText.get(text);
    if (key == null) {
      key = new DetailKey(detail.family(), detail.label(text));
      if (keysByGroupText.size() < MAX_CACHED_KEYS) {
        keysByGroupText.put(text, key);
      }
    }
    return key;
  }
}
