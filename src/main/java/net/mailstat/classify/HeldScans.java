package net.mailstat.classify;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One virus, not two, when clamd and a client of it that logs its own verdict (clamav-milter,
 * clamsmtpd) both report one scan: clamd's {@code FOUND} line and the client's verdict on the
 * same host within {@link #GRACE_SECONDS} of that host's log time are one virus, the verdict's
 * (docs/counting.md, "One virus, not two").
 *
 * <p>clamd replies to its client before it logs, so either line can come first. A scan line is
 * held until a verdict of its host pairs with it; unpaired, it is counted once the grace has
 * passed, once the log was read to its end some seconds after it ({@link #releaseReadUpTo}), when
 * the table is full (the oldest), or at the end of a one-shot read. A verdict is counted at once by
 * its rule and waits as long for the scan line that comes after it. Pairs are made oldest first,
 * one to one, so the count is the verdicts plus the scans no verdict stands for, whichever scan a
 * verdict takes. Bounded: at most {@link #MAX_ENTRIES}.
 */
final class HeldScans {
  static final long GRACE_SECONDS = 5;
  static final int MAX_ENTRIES = 1_024;

  /** A scan line held ({@code verdict} false) or a verdict waiting for its scan line, and where it was read. */
  record Held(boolean verdict, long epochSecond, String syslogHost, long lineNumber) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();

  boolean isEmpty() {
    return held.isEmpty();
  }

  int size() {
    return held.size();
  }

  /**
   * clamd's scan line ({@code verdict} false) or a client's verdict (counted by its rule): pairs
   * with the oldest waiting entry of the other kind of its host within the grace, returned, or is
   * held (null); counts the scan that overflows.
   */
  Held pairOrHold(boolean verdict, String syslogHost, long epochSecond, long lineNumber, Consumer<Held> count) {
    for (Iterator<Held> it = held.iterator(); it.hasNext();) {
      Held h = it.next();
      if (h.verdict() != verdict && h.syslogHost().equals(syslogHost)
          && Math.abs(epochSecond - h.epochSecond()) <= GRACE_SECONDS) {
        it.remove();
        return h;
      }
    }
    held.addLast(new Held(verdict, epochSecond, syslogHost, lineNumber));
    if (held.size() > MAX_ENTRIES) {
      release(held.removeFirst(), count);
    }
    return null;
  }

  /** A line of {@code host} at {@code nowEpochSecond}: settles that host's entries past the grace. */
  void releaseDue(String host, long nowEpochSecond, long lineNumber, long windowLines, Consumer<Held> count) {
    while (!held.isEmpty()) {
      Held h = held.peekFirst();
      boolean due = (h.syslogHost().equals(host) && nowEpochSecond - h.epochSecond() > GRACE_SECONDS)
          || lineNumber - h.lineNumber() > windowLines;
      if (!due) {
        return;
      }
      release(held.removeFirst(), count);
    }
  }

  /** Settles the entries read up to line {@code lineNumber} (see {@link CaughtUpTimes}). */
  void releaseReadUpTo(long lineNumber, Consumer<Held> count) {
    while (!held.isEmpty() && held.peekFirst().lineNumber() <= lineNumber) {
      release(held.removeFirst(), count);
    }
  }

  void flush(Consumer<Held> count) {
    while (!held.isEmpty()) {
      release(held.removeFirst(), count);
    }
  }

  /** An unpaired scan line is a virus no verdict reported; an unpaired verdict was counted already. */
  private static void release(Held h, Consumer<Held> count) {
    if (!h.verdict()) {
      count.accept(h);
    }
  }

  List<HeldReceptions.Scan> export() {
    return held.stream().map(h -> new HeldReceptions.Scan(h.verdict(), h.epochSecond(), h.syslogHost())).toList();
  }

  void restore(List<HeldReceptions.Scan> saved, long lineNumber) {
    held.clear();
    saved.forEach(s -> held.addLast(new Held(s.verdict(), s.epochSecond(), s.syslogHost(), lineNumber)));
  }
}
