package net.mailstat.line;

/** Receives log lines as raw bytes. Implementations must not keep {@code buf}: it is reused. */
public interface LineSink {
  /** One line, {@code buf[start, end)}, without its line terminator. */
  void line(byte[] buf, int start, int end);

  /** A line longer than the reader's limit was skipped; only its existence is reported. */
  void overlongLine();
}
