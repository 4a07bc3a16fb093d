package net.mailstat.classify;

import java.util.Arrays;

/**
 * Turns a line's syslog host bytes into a String, handing out the same String while the host stays
 * the same (the common case: one host per log), so that neither a String per line is made nor the
 * classifying thread has to compare host bytes again.
 */
final class HostNames {
  private byte[] lastBytes = new byte[0];
  private String last = "";

  String name(byte[] buf, int start, int end) {
    if (!Arrays.equals(lastBytes, 0, lastBytes.length, buf, start, end)) {
      lastBytes = Arrays.copyOfRange(buf, start, end);
      last = Bytes.latin1(buf, start, end);
    }
    return last;
  }
}
