package net.mailstat.classify;

import net.mailstat.count.Category;

/** What a matching rule does: count a category, hand a message to a content filter, or nothing. */
sealed interface Outcome {
  record Count(Category category) implements Outcome {}

  /** Delivery to a local content filter; the message comes back under {@code newqid}. */
  record Handoff() implements Outcome {}

  /** Recognised, deliberately not counted (stops the program's rule chain). */
  record Nothing() implements Outcome {}

  static Outcome parse(String word) {
    return switch (word) {
      case "handoff" -> new Handoff();
      case "-" -> new Nothing();
      default -> Category.byKey(word)
          .<Outcome>map(Count::new)
          .orElseThrow(() -> new IllegalArgumentException(
              "unknown outcome '" + word + "' (a category, 'handoff' or '-')"));
    };
  }
}
