package net.mailstat.classify;

/**
 * The syslog fields of one line, as offsets into the caller's byte buffer. One instance is reused
 * for every line by its owning thread, so parsing allocates nothing.
 */
final class ParsedLine {
  /** Lines without a host field (metalog, multilog) read as {@code localhost}, as in mailgraph. */
  static final String NO_HOST = "localhost";

  byte[] buf;
  long epochSecond;
  int hostStart;
  int hostEnd;
  int programStart;
  int programEnd;
  int messageStart;
  int messageEnd;

  int hostLength() {
    return hostEnd - hostStart;
  }

  String host() {
    return hostStart < 0 ? NO_HOST : Bytes.latin1(buf, hostStart, hostEnd);
  }

  String program() {
    return Bytes.latin1(buf, programStart, programEnd);
  }

  String message() {
    return Bytes.latin1(buf, messageStart, messageEnd);
  }
}
