package net.mailstat.classify;

import java.util.Arrays;

/**
 * Turns a line's syslog host bytes into a String, handing out the same String while the host stays
 * the same (the common case: one host per log), so that neither a String per line is made nor the
 * classifying thread has to compare host bytes again.
 *
 * <p>A host field longer than {@link #MAX_HOST_BYTES} (a DNS name has at most 253 characters) is
 * cut there: the name is a key of checkpoints, the hosts file and per-host RRD directories, and a
 * hostile sender must not make those keys as long as a line.
 */
final class HostNames {
  static final int MAX_HOST_BYTES = 255;

  private byte[] lastBytes = new byte[0];
  private String last = "";

  String name(byte[] buf, int start, int end) {
    int cut = Math.min(end, start + MAX_HOST_BYTES);
    if (!Arrays.equals(lastBytes, 0, lastBytes.length, buf, start, cut)) {
      lastBytes = Arrays.copyOfRange(buf, start, cut);
      last = Bytes.latin1(buf, start, cut);
    }
    return last;
  }
}
