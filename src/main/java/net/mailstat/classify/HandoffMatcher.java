package net.mailstat.classify;

/**
 * {@code ^(?<filtered>{QID}): .*?, relay=(?<host>[^\s,]*?{LOOPBACK}[^\s,]*), .*?, status=sent
 * \((?:.* queued as (?<newqid>\w+)|.*\b(?:discarded|BOUNCE)\b)}: a delivery to loopback whose
 * reply shows a content filter (the queue id the message comes back as, or a discard or bounce).
 */
final class HandoffMatcher implements MessageMatcher {
  private static final String RELAY = ", relay=";
  private static final String STATUS = ", status=sent (";
  private static final String QUEUED_AS = " queued as ";

  private String filtered;
  private String newQid;
  private String host;

  @Override
  public boolean find(String message) {
    int qidEnd = PostfixText.queueIdEnd(message);
    if (qidEnd < 0 || !message.startsWith(": ", qidEnd)) {
      return false;
    }
    // The lazy .*? tries each ", relay=" in turn; the first one whose relay is on loopback and
    // is followed by ", " decides, as a status search from a later relay could only start later.
    for (int relay = message.indexOf(RELAY, qidEnd + 2); relay >= 0; relay = message.indexOf(RELAY, relay + 1)) {
      int valueStart = relay + RELAY.length();
      int valueEnd = PostfixText.tokenEnd(message, valueStart);
      if (!message.startsWith(", ", valueEnd) || !PostfixText.containsLoopback(message, valueStart, valueEnd)) {
        continue;
      }
      int status = message.indexOf(STATUS, valueEnd + 2);
      if (status < 0) {
        return false;
      }
      // Each later status or relay could only search a tail of what this one searched.
      int reply = status + STATUS.length();
      String queuedAs = lastQueuedAs(message, reply);
      if (queuedAs == null && !hasWord(message, reply, "discarded") && !hasWord(message, reply, "BOUNCE")) {
        return false;
      }
      filtered = message.substring(0, qidEnd);
      newQid = queuedAs;
      host = message.substring(valueStart, valueEnd);
      return true;
    }
    return false;
  }

  /** The greedy {@code (?:.* queued as (\w+))?}: the last " queued as " followed by a word character. */
  private static String lastQueuedAs(String message, int from) {
    for (int at = message.lastIndexOf(QUEUED_AS); at >= from; at = message.lastIndexOf(QUEUED_AS, at - 1)) {
      int idStart = at + QUEUED_AS.length();
      int idEnd = idStart;
      while (idEnd < message.length() && PostfixText.isWordChar(message.charAt(idEnd))) {
        idEnd++;
      }
      if (idEnd > idStart) {
        return message.substring(idStart, idEnd);
      }
    }
    return null;
  }

  /** {@code .*\bWORD\b} from {@code from}. */
  private static boolean hasWord(String message, int from, String word) {
    for (int at = message.indexOf(word, from); at >= 0; at = message.indexOf(word, at + 1)) {
      if (PostfixText.wordStartsAt(message, at) && PostfixText.wordEndsAt(message, at + word.length())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String group(String name) {
    return switch (name) {
      case "filtered" -> filtered;
      case "newqid" -> newQid;
      case "host" -> host;
      default -> null;
    };
  }
}
