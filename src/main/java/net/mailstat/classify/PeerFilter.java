package net.mailstat.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether a rule's peer ({@code host} group: an SMTP client or relay such as
 * {@code localhost[127.0.0.1]}) is excluded by --ignore-localhost or --ignore-host, and whether
 * it is on loopback.
 */
final class PeerFilter {
  private static final Pattern LOOPBACK =
      Pattern.compile("\\[(?:127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|::1|ipv6:::1)]");

  private final Mode mode;
  private final boolean ignoreLocalhost;
  private final List<Pattern> ignoreHosts;

  PeerFilter(ClassifierOptions options) {
    this.mode = options.mode();
    this.ignoreLocalhost = options.ignoreLocalhost();
    this.ignoreHosts = options.ignoreHosts();
  }

  boolean isLoopback(String peer) {
    return LOOPBACK.matcher(peer).find();
  }

  boolean ignores(String peer) {
    if (ignoreLocalhost && isLocalhostForIgnore(peer)) {
      return true;
    }
    for (Pattern p : ignoreHosts) {
      if (p.matcher(peer).find()) {
        return true;
      }
    }
    return false;
  }

  /** mailgraph only ever recognised 127.0.0.1; the default mode takes all of loopback. */
  private boolean isLocalhostForIgnore(String peer) {
    return mode == Mode.MAILGRAPH ? peer.contains("[127.0.0.1]") : isLoopback(peer);
  }
}
