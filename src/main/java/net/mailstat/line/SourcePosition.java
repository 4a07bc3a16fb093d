package net.mailstat.line;

/**
 * Where a source has read up to: for a file, its identity ({@code fileKey}: device and inode),
 * the byte offset after the last complete line, and a fingerprint of its first bytes that
 * recognises the file after a rotation, a copytruncate or a replacement under the same name;
 * for the journal, its cursor.
 */
public record SourcePosition(String fileKey, long offset, String fingerprint, String cursor) {
  public static SourcePosition ofFile(String fileKey, long offset, String fingerprint) {
    return new SourcePosition(fileKey, offset, fingerprint, null);
  }

  public static SourcePosition ofCursor(String cursor) {
    return new SourcePosition(null, 0, null, cursor);
  }
}
