package net.mailstat.classify;

import net.mailstat.count.DelayHistogram;

/**
 * Reads the {@code delay=} and {@code delays=a/b/c/d} fields of a Postfix delivery line into
 * milliseconds per {@link DelayHistogram.Stage}. Postfix writes them before the status, so the
 * first {@code , delay=} is the one (a remote reply later on the line cannot be taken for it).
 * Bounded: a number of more than 9 integer digits is no delay; digits past the third decimal are
 * ignored.
 */
final class DelayFields {
  static final long MISSING = -1;
  private static final String DELAY = ", delay=";
  private static final String DELAYS = ", delays=";
  private static final int MAX_INTEGER_DIGITS = 9;

  private final long[] millis = new long[DelayHistogram.stages().size()];
  /** Where the number last read ended (a field: this runs for every counted delivery line). */
  private int end;

  /** Reads {@code message}; false if it has no readable {@code delay=}. */
  boolean read(String message) {
    java.util.Arrays.fill(millis, MISSING);
    int at = message.indexOf(DELAY);
    if (at < 0) {
      return false;
    }
    long total = number(message, at + DELAY.length());
    if (total < 0) {
      return false;
    }
    millis[DelayHistogram.Stage.TOTAL.ordinal()] = total;
    if (message.startsWith(DELAYS, end)) {
      readStages(message, end + DELAYS.length());
    }
    return true;
  }

  /** The delay of {@code stage} in milliseconds, or {@link #MISSING} (no {@code delays=} field). */
  long millis(DelayHistogram.Stage stage) {
    return millis[stage.ordinal()];
  }

  private void readStages(String message, int from) {
    long[] stages = new long[4];
    int pos = from;
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        if (pos >= message.length() || message.charAt(pos) != '/') {
          return;
        }
        pos++;
      }
      stages[i] = number(message, pos);
      if (stages[i] < 0) {
        return;
      }
      pos = end;
    }
    for (int i = 0; i < 4; i++) {
      millis[DelayHistogram.Stage.BEFORE_QMGR.ordinal() + i] = stages[i];
    }
  }

  /** A decimal number of seconds at {@code from} in milliseconds, its end in {@link #end}; -1 if none. */
  private long number(String s, int from) {
    int pos = from;
    long whole = 0;
    while (pos < s.length() && isDigit(s.charAt(pos))) {
      if (pos - from >= MAX_INTEGER_DIGITS) {
        return -1;
      }
      whole = whole * 10 + (s.charAt(pos) - '0');
      pos++;
    }
    if (pos == from) {
      return -1;
    }
    long fraction = 0;
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      int digits = 0;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        if (digits < 3) {
          fraction = fraction * 10 + (s.charAt(pos) - '0');
        }
        digits++;
        pos++;
      }
      for (int d = Math.min(digits, 3); d < 3; d++) {
        fraction *= 10;
      }
    }
    end = pos;
    return whole * 1000 + fraction;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
