package net.mailstat.classify;

/**
 * A hand-written matcher for a pattern with {@code .}, which stops at line terminators: messages
 * with one ({@link PostfixText#hasLineTerminator}, never seen in real logs) go to the regex, so the
 * hand-written code need not model them.
 */
final class TerminatorSafeMatcher implements MessageMatcher {
  private final MessageMatcher handWritten;
  private final MessageMatcher regex;
  private MessageMatcher answered;

  TerminatorSafeMatcher(MessageMatcher handWritten, MessageMatcher regex) {
    this.handWritten = handWritten;
    this.regex = regex;
    this.answered = handWritten;
  }

  @Override
  public boolean find(String message) {
    answered = PostfixText.hasLineTerminator(message) ? regex : handWritten;
    return answered.find(message);
  }

  @Override
  public String group(String name) {
    return answered.group(name);
  }
}
