package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * Recognises a log file by its first line (at most {@link #MAX_BYTES} bytes): {@code LEN:CRC32}.
 * The inode alone is not enough: copytruncate keeps it, and a deleted file's inode is reused.
 * Empty until the file has a complete first line.
 */
final class FileFingerprint {
  static final int MAX_BYTES = 256;

  private FileFingerprint() {}

  static String of(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(MAX_BYTES);
    long pos = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      pos += n;
    }
    return of(buf.array(), buf.position());
  }

  static String of(InputStream in) throws IOException {
    byte[] buf = in.readNBytes(MAX_BYTES);
    return of(buf, buf.length);
  }

  private static String of(byte[] bytes, int length) {
    int len = -1;
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        len = i + 1;
        break;
      }
    }
    if (len < 0) {
      if (length < MAX_BYTES) {
        return "";
      }
      len = MAX_BYTES;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, len);
    return len + ":" + Long.toHexString(crc.getValue());
  }

  /** True if {@code actual} is the same file start as {@code expected} ("" matches anything). */
  static boolean matches(String expected, String actual) {
    return expected == null || expected.isEmpty() || expected.equals(actual);
  }
}
