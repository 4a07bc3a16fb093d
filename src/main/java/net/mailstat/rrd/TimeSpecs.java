package net.mailstat.rrd;

import org.rrd4j.core.timespec.TimeParser;
import org.rrd4j.core.timespec.TimeSpec;

/** rrdtool's AT-style time specifications: {@code now-1year}, {@code -1d}, {@code end-1w}, epoch seconds. */
public final class TimeSpecs {
  private TimeSpecs() {}

  /** Resolves a start and an end that may refer to each other; returns {start, end}. */
  public static long[] resolve(String start, String end) throws RrdToolException {
    TimeSpec s = parse("start", start);
    TimeSpec e = parse("end", end);
    long[] both;
    try {
      both = TimeSpec.getTimestamps(s, e);
    } catch (RuntimeException ex) {
      throw new RrdToolException("start and end cannot both be relative to each other");
    }
    if (both[0] >= both[1]) {
      throw new RrdToolException("start (" + start + ") must be before end (" + end + ")");
    }
    return both;
  }

  private static TimeSpec parse(String what, String spec) throws RrdToolException {
    try {
      return new TimeParser(spec).parse();
    } catch (RuntimeException e) {
      throw new RrdToolException("bad " + what + " time '" + spec + "': " + e.getMessage());
    }
  }
}
