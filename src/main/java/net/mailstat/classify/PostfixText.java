package net.mailstat.classify;

/**
 * Character tests of Java's regex engine, spelled out for the hand-written matchers
 * ({@link PostfixMatchers}), so that they find exactly what the patterns they replace find.
 */
final class PostfixText {
  private PostfixText() {}

  /**
   * Where the queue id at the start of {@code s} ends, if a {@code :} follows it, else -1. The
   * {@code QID} macro is {@code (?:[0-9A-F]+|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]+)}: either run
   * must reach the colon, because a shorter run would be followed by a run character.
   */
  static int queueIdEnd(String s) {
    int hex = 0;
    while (hex < s.length() && isShortQueueIdChar(s.charAt(hex))) {
      hex++;
    }
    if (hex > 0 && hex < s.length() && s.charAt(hex) == ':') {
      return hex;
    }
    int lng = 0;
    while (lng < s.length() && isLongQueueIdChar(s.charAt(lng))) {
      lng++;
    }
    return lng > 0 && lng < s.length() && s.charAt(lng) == ':' ? lng : -1;
  }

  private static boolean isShortQueueIdChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  private static boolean isLongQueueIdChar(char c) {
    if (c >= '0' && c <= '9') {
      return true;
    }
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
      return false;
    }
    char lower = (char) (c | 0x20);
    return lower != 'a' && lower != 'e' && lower != 'i' && lower != 'o' && lower != 'u';
  }

  /** The end of the run of {@code [^\s,]} characters starting at {@code from}. */
  static int tokenEnd(String s, int from) {
    int i = from;
    while (i < s.length() && !isSpaceOrComma(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpaceOrComma(char c) {
    return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** {@code \w}: ASCII letters, digits and underscore. */
  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** Whether {@code \b} holds at {@code i} before a word character: no letter, digit or {@code _} precedes. */
  static boolean wordStartsAt(String s, int i) {
    if (i == 0) {
      return true;
    }
    char c = s.charAt(i - 1);
    return !(c == '_' || Character.isLetterOrDigit(c));
  }

  /** Whether {@code \b} holds at {@code i} after a word character: no letter, digit or {@code _} follows. */
  static boolean wordEndsAt(String s, int i) {
    if (i >= s.length()) {
      return true;
    }
    char c = s.charAt(i);
    return !(c == '_' || Character.isLetterOrDigit(c));
  }

  /**
   * Whether {@code .} would stop anywhere in {@code s}: a line terminator (for a Latin-1 message
   * {@code \n}, {@code \r} or U+0085). Log lines have none, so the matchers leave such rare
   * messages to the regex.
   */
  static boolean hasLineTerminator(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\u0085') >= 0;
  }

  /**
   * Whether {@code {LOOPBACK}} ({@code \[(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|ipv6:::1)\]}) starts
   * somewhere in {@code [from, to)} and ends by {@code to}.
   */
  static boolean containsLoopback(String s, int from, int to) {
    for (int i = s.indexOf('[', from); i >= 0 && i < to; i = s.indexOf('[', i + 1)) {
      int end = loopbackEnd(s, i + 1);
      if (end > 0 && end <= to) {
        return true;
      }
    }
    return false;
  }

  private static int loopbackEnd(String s, int i) {
    if (s.startsWith("::1]", i)) {
      return i + 4;
    }
    if (s.startsWith("ipv6:::1]", i)) {
      return i + 9;
    }
    if (!s.startsWith("127.", i)) {
      return -1;
    }
    int at = i + 4;
    for (int octet = 0; octet < 3; octet++) {
      int digits = 0;
      while (at + digits < s.length() && isDigit(s.charAt(at + digits))) {
        digits++;
      }
      if (digits == 0 || digits > 3 || at + digits >= s.length()) {
        return -1;
      }
      char after = s.charAt(at + digits);
      if (after != (octet < 2 ? '.' : ']')) {
        return -1;
      }
      at += digits + 1;
    }
    return at;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
