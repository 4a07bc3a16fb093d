package net.mailstat.source;

import net.mailstat.line.SourcePosition;

/**
 * Which file a log generation is: its file key (device and inode) and its first-line fingerprint.
 * Both are needed: copytruncate keeps the inode, and compress deletes a file whose inode is reused.
 */
record FileId(String fileKey, String fingerprint) {
  /** True if {@code position} was saved in this file: by its first line, else by its key. */
  boolean holds(SourcePosition position) {
    String fp = position.fingerprint();
    if (fp != null && !fp.isEmpty()) {
      return fp.equals(fingerprint);
    }
    return position.fileKey() != null && position.fileKey().equals(fileKey);
  }
}
