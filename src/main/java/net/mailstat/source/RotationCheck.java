package net.mailstat.source;

/**
 * What became of a followed file, asked when it has no new bytes: decided from what was read of it
 * and what its name shows now, without I/O. The follower acts on the answer.
 */
final class RotationCheck {
  private RotationCheck() {}

  enum Change {
    /** Nothing new: everything written has been read. */
    UNCHANGED,
    /** Same file, same first line, bytes beyond what was read (written after the last read). */
    GROWN,
    /** No file under the name: writers still append to the open one until they reopen. */
    MISSING,
    /** Another file under the name: rename-and-create rotation, or the file replaced by another. */
    ROTATED,
    /** Same file, shorter than what was read: copytruncate, or truncated and rewritten. */
    TRUNCATED,
    /**
     * Same file, at least as long, another first line: copytruncate with the file regrown past the
     * offset read, or rewritten in place.
     */
    REWRITTEN
  }

  /** What the name shows now: its file key and size, and the first line of the file kept open. */
  record Look(String fileKey, long size, String firstLine) {}

  /**
   * {@code fingerprint} is the followed file's first line when it was opened (empty while it had
   * no complete first line: then any first line is the same file); {@code now} is null when the
   * name is missing.
   */
  static Change of(String fileKey, String fingerprint, long readOffset, Look now) {
    if (now == null) {
      return Change.MISSING;
    }
    if (!now.fileKey().equals(fileKey)) {
      return Change.ROTATED;
    }
    if (now.size() < readOffset) {
      return Change.TRUNCATED;
    }
    if (!FileFingerprint.matches(fingerprint, now.firstLine())) {
      return Change.REWRITTEN;
    }
    return now.size() > readOffset ? Change.GROWN : Change.UNCHANGED;
  }
}
