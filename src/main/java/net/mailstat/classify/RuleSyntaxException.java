package net.mailstat.classify;

/** A rule file that cannot be used; the message names the file and line. */
public final class RuleSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  RuleSyntaxException(String source, int line, String message) {
    super(source + ":" + line + ": " + message);
  }
}
