package net.mailstat.web;

/**
 * The limits of the JDK's HTTP server (docs/web.md): how long a client may take to send its
 * request and to take the response, how long a kept-alive connection may idle, how many
 * connections and how large a request head. The JDK reads them from system properties once, when
 * its first server is created, so they are JVM-wide; each is set here unless already given with
 * {@code -D} (which then wins, as documented).
 */
final class HttpLimits {
  /** Open connections; beyond this the JDK closes new ones at once. Also the request thread bound. */
  static final int MAX_CONNECTIONS = 100;
  static final int MAX_REQUEST_SECONDS = 5;
  static final int MAX_RESPONSE_SECONDS = 10;
  static final int IDLE_SECONDS = 30;
  static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;
  static final int MAX_REQUEST_HEADERS = 100;
  /** How often the JDK looks for connections past a limit; the limits are exact to within this. */
  private static final int CHECK_MILLIS = 1000;

  private HttpLimits() {}

  static void apply() {
    setUnlessGiven("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    setUnlessGiven("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
    setUnlessGiven("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
    setUnlessGiven("sun.net.httpserver.idleInterval", IDLE_SECONDS);
    setUnlessGiven("sun.net.httpserver.maxReqHeaderSize", MAX_REQUEST_HEAD_BYTES);
    setUnlessGiven("sun.net.httpserver.maxReqHeaders", MAX_REQUEST_HEADERS);
    setUnlessGiven("sun.net.httpserver.timerMillis", CHECK_MILLIS);
    setUnlessGiven("sun.net.httpserver.clockTick", CHECK_MILLIS);
    // Without TCP_NODELAY every response waits ~40 ms for a delayed ACK (headers and body are
    // written separately).
    setUnlessGiven("sun.net.httpserver.nodelay", "true");
  }

  private static void setUnlessGiven(String property, Object value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, String.valueOf(value));
    }
  }
}
