package net.mailstat.classify;

import java.util.ArrayDeque;

/**
 * When the source was last known read to its end, and how many lines it had delivered then, so
 * that held receptions can be settled on the wall clock while the log is quiet: a reception read
 * before a moment at least {@link #GRACE_MILLIS} ago, with the log read to its end then and now,
 * had every line that could name it logged and read (a hand-off names its re-injection within
 * moments). Bounded: at most {@link #MAX_MARKS} moments are kept.
 */
final class CaughtUpTimes {
  static final long GRACE_MILLIS = 5000;
  static final int MAX_MARKS = 64;

  private record Mark(long millis, long lines) {}

  private final ArrayDeque<Mark> marks = new ArrayDeque<>();

  /**
   * The log was read to its end at {@code nowMillis}, {@code lines} lines in all. Returns the
   * number of lines read before a caught-up moment at least {@link #GRACE_MILLIS} ago (0: none yet).
   */
  long caughtUp(long nowMillis, long lines) {
    Mark last = marks.peekLast();
    if (last == null || last.lines() != lines) {
      marks.addLast(new Mark(nowMillis, lines));
      if (marks.size() > MAX_MARKS) {
        marks.removeFirst();
      }
    }
    long settled = 0;
    while (!marks.isEmpty() && marks.peekFirst().millis() <= nowMillis - GRACE_MILLIS) {
      Mark m = marks.removeFirst();
      settled = m.lines();
      if (marks.isEmpty() || marks.peekFirst().millis() > nowMillis - GRACE_MILLIS) {
        marks.addFirst(m); // the newest due moment stays: the next call may need it again
        break;
      }
    }
    return settled;
  }

  /** The count of lines restarted (a restored checkpoint): earlier moments say nothing of it. */
  void clear() {
    marks.clear();
  }
}
