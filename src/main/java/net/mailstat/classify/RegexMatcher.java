package net.mailstat.classify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rule's regex, run with two shortcuts that do not change what it matches. */
final class RegexMatcher implements MessageMatcher {
  private final Matcher matcher;
  /** {@code ^...} without a top-level {@code |}: only position 0 can match, so no search. */
  private final boolean anchored;
  /**
   * The literal text every match starts with (after an optional {@code \b}), or null: the search
   * then starts at its first occurrence instead of trying every position.
   */
  private final String prefix;

  RegexMatcher(Pattern pattern) {
    this.matcher = pattern.matcher("");
    this.anchored = PatternShape.isAnchored(pattern.pattern());
    this.prefix = anchored ? null : PatternShape.literalPrefix(pattern.pattern());
    if (prefix != null) {
      matcher.useTransparentBounds(true).useAnchoringBounds(false);
    }
  }

  @Override
  public boolean find(String message) {
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

  @Override
  public String group(String name) {
    return matcher.group(name);
  }
}
