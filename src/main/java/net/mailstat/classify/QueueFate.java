package net.mailstat.classify;

/**
 * What a Postfix line says about the fate of the message whose queue id starts it, so that a held
 * loopback reception can be settled by its own message's lines instead of by the look-ahead
 * window (docs/counting.md, "Held receptions"). Reads the line's bytes in place; bounded by the
 * line's length.
 */
final class QueueFate {
  /** Postfix queue ids: 10-12 hex characters (short) or up to 20 of the long alphabet. */
  static final int MAX_QUEUE_ID = 20;

  enum Kind {
    /** Nothing final about the message. */
    NONE,
    /** cleanup rejected or discarded it: it never entered the queue, so no hand-off can name it. */
    GONE,
    /** Delivered, bounced, expired or removed from the queue: its story is told. */
    FINAL
  }

  private QueueFate() {}

  /** True if the program field is Postfix's ({@code postfix/X}, {@code postfix-out/X}, ...). */
  static boolean isPostfix(byte[] b, int programStart, int programEnd) {
    return programEnd - programStart > 8 && startsWith(b, programStart, programEnd, "postfix");
  }

  /**
   * Where the queue id at {@code from} ends (at its {@code ": "}), or -1 if the message starts with
   * none: a run of upper-case hex digits (short ids) or of the long ids' alphabet (digits and
   * letters but vowels), as {@link PostfixText#queueIdEnd}.
   */
  static int queueIdEnd(byte[] b, int from, int to) {
    int limit = Math.min(to, from + MAX_QUEUE_ID + 1);
    int hex = from;
    while (hex < limit && isShortQueueIdChar(b[hex])) {
      hex++;
    }
    if (isColonSpace(b, from, hex, to)) {
      return hex;
    }
    int lng = from;
    while (lng < limit && isLongQueueIdChar(b[lng])) {
      lng++;
    }
    return isColonSpace(b, from, lng, to) ? lng : -1;
  }

  private static boolean isColonSpace(byte[] b, int from, int i, int to) {
    return i > from && i - from <= MAX_QUEUE_ID && i + 1 < to && b[i] == ':' && b[i + 1] == ' ';
  }

  /** The fate told by the text at {@code from} (just after {@code "QID: "}). */
  static Kind kind(byte[] b, int from, int to) {
    if (startsWith(b, from, to, "reject: ") || startsWith(b, from, to, "discard: ")
        || startsWith(b, from, to, "milter-reject: ") || startsWith(b, from, to, "milter-discard: ")) {
      return Kind.GONE;
    }
    if (isRemoved(b, from, to)) {
      return Kind.FINAL;
    }
    int status = indexOf(b, from, to, ", status=");
    if (status < 0) {
      return Kind.NONE;
    }
    int word = status + ", status=".length();
    return startsWith(b, word, to, "sent ") || startsWith(b, word, to, "bounced ")
        || startsWith(b, word, to, "expired,") ? Kind.FINAL : Kind.NONE;
  }

  /** True if the program field ends with {@code suffix} ({@code postfix/cleanup}, {@code postfix-in/cleanup}). */
  static boolean programEndsWith(byte[] b, int programStart, int programEnd, String suffix) {
    return programEnd - programStart >= suffix.length() && startsWith(b, programEnd - suffix.length(), programEnd, suffix);
  }

  /** The text after {@code "QID: "} in cleanup's line naming a message's id. */
  static final String MESSAGE_ID = "message-id=";

  static boolean isMessageId(byte[] b, int from, int to) {
    return startsWith(b, from, to, MESSAGE_ID);
  }

  /** qmgr's {@code "QID: removed"}. */
  static boolean isRemoved(byte[] b, int from, int to) {
    return startsWith(b, from, to, "removed") && from + 7 == to;
  }

  private static boolean isShortQueueIdChar(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  private static boolean isLongQueueIdChar(byte c) {
    if (c >= '0' && c <= '9') {
      return true;
    }
    int lower = c | 0x20;
    return lower >= 'b' && lower <= 'z' && lower != 'e' && lower != 'i' && lower != 'o' && lower != 'u';
  }

  private static boolean startsWith(byte[] b, int from, int to, String prefix) {
    if (to - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[from + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int to, String needle) {
    byte first = (byte) needle.charAt(0);
    for (int i = from; i + needle.length() <= to; i++) {
      if (b[i] == first && startsWith(b, i, to, needle)) {
        return i;
      }
    }
    return -1;
  }
}
