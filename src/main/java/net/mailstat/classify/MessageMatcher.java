package net.mailstat.classify;

/**
 * Finds one rule's pattern in a message (a search, like Perl's {@code =~}), then answers for the
 * pattern's named groups. Reused line after line by one thread.
 */
interface MessageMatcher {
  boolean find(String message);

  /** The text the named group captured in the last successful {@link #find}, or null. */
  String group(String name);

  /** The matcher for {@code rule}: a hand-written one when its pattern has one, else the regex. */
  static MessageMatcher forRule(Rule rule) {
    MessageMatcher intrinsic = PostfixMatchers.forPattern(rule.pattern());
    return intrinsic != null ? intrinsic : new RegexMatcher(rule.pattern());
  }
}
