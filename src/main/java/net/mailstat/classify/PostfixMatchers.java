package net.mailstat.classify;

import java.util.regex.Pattern;

/**
 * Hand-written equivalents of the built-in patterns that run on a large share of a Postfix log
 * (the hand-off to a content filter, {@code status=sent}, {@code client=}), where the regex engine
 * would cost a few nanoseconds per character scanned. A rule gets one only when its pattern, after
 * macro expansion, is exactly the text below, so a user who redefines a macro or overrides the rule
 * gets the regex; {@code PostfixMatchersTest} checks on real and mutated lines that both find the
 * same matches and groups.
 */
final class PostfixMatchers {
  static final String QID = "(?:[0-9A-F]+|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]+)";
  static final String LOOPBACK = "\\[(?:127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|::1|ipv6:::1)\\]";

  static final String HANDOFF = "^(?<filtered>" + QID + "): .*?, relay=(?<host>[^\\s,]*?" + LOOPBACK
      + "[^\\s,]*), .*?, status=sent \\((?:.* queued as (?<newqid>\\w+)|.*\\b(?:discarded|BOUNCE)\\b)";
  static final String SENT = "^(?:.*?, relay=(?<host>[^\\s,]+))?.*?, status=sent\\b";
  static final String CLIENT = "^(?<qid>" + QID + "): client=(?<host>[^\\s,]+)";
  static final String CLIENT_PREFIX = "^" + QID + ": client=";

  private PostfixMatchers() {}

  /** The hand-written matcher for {@code pattern}, or null. */
  static MessageMatcher forPattern(Pattern pattern) {
    if (pattern.flags() != 0) {
      return null;
    }
    return switch (pattern.pattern()) {
      case HANDOFF -> new TerminatorSafeMatcher(new HandoffMatcher(), new RegexMatcher(pattern));
      case SENT -> new TerminatorSafeMatcher(new SentMatcher(), new RegexMatcher(pattern));
      case CLIENT -> new ClientMatcher(true);
      case CLIENT_PREFIX -> new ClientMatcher(false);
      default -> null;
    };
  }
}
