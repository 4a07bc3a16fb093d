package net.mailstat.web;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The web page's settings: where to listen, the name in the title (mailgraph.cgi used the machine's
 * name; a central loghost wants its own), how often the page reloads, and how long a rendered
 * graph is reused.
 */
public record WebSettings(InetSocketAddress address, String title, int refreshSeconds, Duration graphCacheTtl) {
  public static final String DEFAULT_ADDRESS = "127.0.0.1:8080";
  public static final int DEFAULT_REFRESH_SECONDS = 300;
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);

  public WebSettings {
    if (refreshSeconds < 0) {
      throw new IllegalArgumentException("refresh must not be negative");
    }
  }

  /** {@code ADDR:PORT}, {@code [v6]:PORT}, {@code :PORT} (all interfaces) or {@code PORT}. */
  public static InetSocketAddress parseAddress(String spec) {
    String host;
    String port;
    if (spec.startsWith("[")) {
      int close = spec.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException("expected [ADDRESS]:PORT, got '" + spec + "'");
      }
      host = spec.substring(1, close);
      port = spec.substring(close + 2);
    } else if (spec.indexOf(':') >= 0) {
      int colon = spec.lastIndexOf(':');
      host = spec.substring(0, colon);
      port = spec.substring(colon + 1);
    } else {
      host = "";
      port = spec;
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + spec + "'");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("port out of range in '" + spec + "'");
    }
    return host.isEmpty() ? new InetSocketAddress(p) : new InetSocketAddress(host, p);
  }
}
