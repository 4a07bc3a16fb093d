package net.mailstat.classify;

/** What a regex's text says about where it can match, for cheaper searching. */
final class PatternShape {
  private PatternShape() {}

  static boolean isAnchored(String regex) {
    return regex.startsWith("^") && !hasTopLevelAlternation(regex);
  }

  /**
   * The literal a match of {@code regex} must start with, at least 3 characters, or null. Only for
   * patterns without flags or a top-level alternation; the literal stops before a quantified
   * character.
   */
  static String literalPrefix(String regex) {
    if (hasTopLevelAlternation(regex) || (regex.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length != regex.length())) {
      return null;
    }
    int i = regex.startsWith("\\b") ? 2 : 0;
    StringBuilder literal = new StringBuilder();
    while (i < regex.length()) {
      char c = regex.charAt(i);
      int next;
      char value;
      if (c == '\\') {
        if (i + 1 >= regex.length() || Character.isLetterOrDigit(regex.charAt(i + 1))) {
          break;
        }
        value = regex.charAt(i + 1);
        next = i + 2;
      } else if (".[]()*+?{}|^$".indexOf(c) >= 0) {
        break;
      } else {
        value = c;
        next = i + 1;
      }
      if (next < regex.length() && "*+?{".indexOf(regex.charAt(next)) >= 0) {
        break;
      }
      literal.append(value);
      i = next;
    }
    return literal.length() >= 3 ? literal.toString() : null;
  }

  private static boolean hasTopLevelAlternation(String regex) {
    int depth = 0;
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return true;
      }
    }
    return false;
  }
}
