package net.mailstat.classify;

/**
 * {@code ^(?:.*?, relay=(?<host>[^\s,]+))?.*?, status=sent\b}: a delivery, and the relay it went
 * to when the line names one before the status.
 */
final class SentMatcher implements MessageMatcher {
  private static final String RELAY = ", relay=";
  private static final String STATUS = ", status=sent";

  private String host;

  @Override
  public boolean find(String message) {
    for (int relay = message.indexOf(RELAY); relay >= 0; relay = message.indexOf(RELAY, relay + 1)) {
      int valueStart = relay + RELAY.length();
      int valueEnd = PostfixText.tokenEnd(message, valueStart);
      if (valueEnd > valueStart && hasStatusSent(message, valueEnd)) {
        host = message.substring(valueStart, valueEnd);
        return true;
      }
    }
    host = null;
    return hasStatusSent(message, 0);
  }

  private static boolean hasStatusSent(String message, int from) {
    for (int at = message.indexOf(STATUS, from); at >= 0; at = message.indexOf(STATUS, at + 1)) {
      if (PostfixText.wordEndsAt(message, at + STATUS.length())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String group(String name) {
    return "host".equals(name) ? host : null;
  }
}
