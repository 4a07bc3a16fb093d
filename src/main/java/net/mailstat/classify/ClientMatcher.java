package net.mailstat.classify;

/**
 * {@code ^(?<qid>{QID}): client=(?<host>[^\s,]+)}, or without the groups and the host
 * {@code ^{QID}: client=}: smtpd's line for each message it receives.
 */
final class ClientMatcher implements MessageMatcher {
  private static final String CLIENT = ": client=";

  private final boolean capturesHost;
  private String qid;
  private String host;

  ClientMatcher(boolean capturesHost) {
    this.capturesHost = capturesHost;
  }

  @Override
  public boolean find(String message) {
    int qidEnd = PostfixText.queueIdEnd(message);
    if (qidEnd < 0 || !message.startsWith(CLIENT, qidEnd)) {
      return false;
    }
    if (!capturesHost) {
      return true;
    }
    int hostStart = qidEnd + CLIENT.length();
    int hostEnd = PostfixText.tokenEnd(message, hostStart);
    if (hostEnd == hostStart) {
      return false;
    }
    qid = message.substring(0, qidEnd);
    host = message.substring(hostStart, hostEnd);
    return true;
  }

  @Override
  public String group(String name) {
    return switch (name) {
      case "qid" -> capturesHost ? qid : null;
      case "host" -> capturesHost ? host : null;
      default -> null;
    };
  }
}
