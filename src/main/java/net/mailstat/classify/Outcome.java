package net.mailstat.classify;

import java.util.regex.Pattern;
import net.mailstat.count.Category;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;

/**
 * What a matching rule does: count a category, hand a message to a content filter, nothing, or
 * count a detail (a statistic past the nine counters, e.g. a reject reason).
 */
sealed interface Outcome {
  record Count(Category category) implements Outcome {}

  /** Delivery to a local content filter; the message comes back under {@code newqid}. */
  record Handoff() implements Outcome {}

  /** Recognised, deliberately not counted (stops the program's rule chain). */
  record Nothing() implements Outcome {}

  /**
   * {@code FAMILY:LABEL}, e.g. {@code reject:relay-denied} or {@code reject:rbl-$list} (the label
   * ends with the text of the named group, made a label). Detail rules never stop a chain and never
   * count one of the nine counters; the first matching one per family decides.
   */
  record Detail(DetailFamily family, String prefix, String group) implements Outcome {
    private static final Pattern GROUP = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    /** The label for a line; {@code groupText} is the group's text (ignored without a group). */
    String label(String groupText) {
      if (group == null) {
        return prefix;
      }
      return groupText == null || groupText.isEmpty() ? DetailKey.OTHER : DetailKey.labelOf(prefix + groupText);
    }

    static Detail parse(String word) {
      int colon = word.indexOf(':');
      DetailFamily family = DetailFamily.byKey(word.substring(0, colon)).orElseThrow(() ->
          new IllegalArgumentException("unknown detail family '" + word.substring(0, colon) + "' (known: "
              + String.join(", ", DetailFamily.all().stream().map(DetailFamily::key).toList()) + ")"));
      if (family == DetailFamily.DELAY) {
        throw new IllegalArgumentException("detail family 'delay' is counted from the delay= fields of counted"
            + " deliveries, not by rules");
      }
      String label = word.substring(colon + 1);
      int dollar = label.indexOf('$');
      String prefix = dollar < 0 ? label : label.substring(0, dollar);
      String group = dollar < 0 ? null : label.substring(dollar + 1);
      if (group != null && !GROUP.matcher(group).matches()) {
        throw new IllegalArgumentException("'$" + group + "' in '" + word + "' is not a group name");
      }
      if (group == null ? !DetailKey.isLabel(prefix) : !prefix.isEmpty() && !DetailKey.isLabel(prefix)) {
        throw new IllegalArgumentException("bad label '" + label + "' in '" + word
            + "' (lower-case letters, digits, '.', '_', '-'; at most " + DetailKey.MAX_LABEL + ")");
      }
      return new Detail(family, prefix, group);
    }
  }

  static Outcome parse(String word) {
    if (word.indexOf(':') > 0) {
      return Detail.parse(word);
    }
    return switch (word) {
      case "handoff" -> new Handoff();
      case "-" -> new Nothing();
      default -> Category.byKey(word)
          .<Outcome>map(Count::new)
          .orElseThrow(() -> new IllegalArgumentException(
              "unknown outcome '" + word + "' (a category, 'handoff', '-' or FAMILY:LABEL)"));
    };
  }
}
