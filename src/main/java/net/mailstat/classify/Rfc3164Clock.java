package net.mailstat.classify;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Turns year-less RFC 3164 timestamps into epoch seconds. The year starts at {@code --year} or,
 * without it, at the current year (the previous one if the first line would otherwise lie more
 * than a day in the future, as for a log that begins in December read in January). Inside a file
 * it rolls forward when December is followed by January, and back when a late December line
 * follows January lines, as mailgraph's Parse::Syslog does.
 */
final class Rfc3164Clock {
  private final ZoneId zone;
  private final Clock wallClock;
  private int year;
  private boolean yearKnown;
  private int lastMonth = -1;
  private boolean mayStepBack;
  private long cachedHourKey = -1;
  private long cachedHourEpoch;

  Rfc3164Clock(ZoneId zone, Clock wallClock, Integer startYear) {
    this.zone = zone;
    this.wallClock = wallClock;
    if (startYear != null) {
      this.year = startYear;
      this.yearKnown = true;
    }
  }

  /** {@code month} is 0-based. Returns -1 for an impossible date (e.g. Feb 31). */
  long epochSecond(int month, int day, int hour, int minute, int second) {
    if (!yearKnown) {
      year = guessStartYear(month, day);
      yearKnown = true;
    }
    trackYear(month);
    long key = ((long) year * 100 + month) * 10000 + day * 100L + hour;
    if (key != cachedHourKey) {
      long epoch = hourStart(year, month, day, hour);
      if (epoch == Long.MIN_VALUE) {
        return -1;
      }
      cachedHourKey = key;
      cachedHourEpoch = epoch;
    }
    return cachedHourEpoch + minute * 60L + second;
  }

  private int guessStartYear(int month, int day) {
    ZonedDateTime now = ZonedDateTime.now(wallClock.withZone(zone));
    int guess = now.getYear();
    long candidate = hourStart(guess, month, day, 0);
    if (candidate != Long.MIN_VALUE && candidate - now.toEpochSecond() > 86400) {
      guess--;
    }
    return guess;
  }

  private void trackYear(int month) {
    if (month == 0) {
      if (lastMonth == 11) {
        year++;
      }
      mayStepBack = true;
    } else if (month == 11) {
      if (mayStepBack && lastMonth != -1 && lastMonth != 11) {
        year--;
      }
    } else {
      mayStepBack = false;
    }
    lastMonth = month;
  }

  private long hourStart(int y, int month, int day, int hour) {
    if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23) {
      return Long.MIN_VALUE;
    }
    try {
      return LocalDateTime.of(y, month + 1, day, hour, 0).atZone(zone).toEpochSecond();
    } catch (java.time.DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }
}
