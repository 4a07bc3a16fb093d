package net.mailstat.classify;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers for the allocation-free parsing path. */
final class Bytes {
  private Bytes() {}

  static String latin1(byte[] buf, int start, int end) {
    return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int j = 0; j < prefix.length; j++) {
      if (buf[from + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code count} ASCII digits at {@code at}, or returns -1 if any is not a digit. */
  static int digits(byte[] buf, int at, int count) {
    int v = 0;
    for (int i = 0; i < count; i++) {
      byte b = buf[at + i];
      if (!isDigit(b)) {
        return -1;
      }
      v = v * 10 + (b - '0');
    }
    return v;
  }

  static int hash(byte[] buf, int start, int end) {
    int h = 1;
    for (int i = start; i < end; i++) {
      h = 31 * h + buf[i];
    }
    return h;
  }
}
