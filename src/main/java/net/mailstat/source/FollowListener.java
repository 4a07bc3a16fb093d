package net.mailstat.source;

import net.mailstat.line.LineSink;
import net.mailstat.line.SourcePosition;

/** Receives a followed source's lines, then the position that everything delivered reaches. */
public interface FollowListener extends LineSink {
  /** All lines up to {@code position} have been delivered. */
  void reached(SourcePosition position);

  /**
   * Everything written to the source so far has been delivered, and it is about to wait for more
   * (the end of a followed file, an empty network queue, a quiet journal); called again and again,
   * at most a few times a second, for as long as it stays quiet.
   */
  default void caughtUp() {}

  /** The source could not be read just now (missing file, permission); {@code why} is one line. */
  void trouble(String why);

  /**
   * While history is read before following (backfill, or catching up after a stop): {@code done}
   * of about {@code total} bytes (compressed generations count by their compressed size). Called
   * at most a few times a second, and once with {@code done == total} at the end.
   */
  default void catchUpProgress(long done, long total) {}
}
