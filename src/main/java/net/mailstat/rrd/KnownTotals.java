package net.mailstat.rrd;

import java.io.IOException;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.Archive;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;

/**
 * The number of messages a graph's range holds: each archive row's average rate times the part of
 * the row that is known, not the whole row (rrd4j's and rrdtool's TOTAL take the whole row, so a
 * row with half its minutes known counted them twice). A coarse row's known part is read from the
 * day archive while that still holds the row (its rows are wholly known or unknown: MinuteSet);
 * older coarse rows are taken as wholly known.
 */
final class KnownTotals {
  private KnownTotals() {}

  static double total(RrdDb db, String ds, long start, long end, long resolution) throws IOException {
    FetchData rows = db.createFetchRequest(ConsolFun.AVERAGE, start, end, resolution).fetchData();
    long rowSeconds = rows.getStep();
    long[] times = rows.getTimestamps();
    double[] values = rows.getValues(ds);
    Archive day = db.getArchive(ConsolFun.AVERAGE, (int) (MinuteSet.DAY_ROW_SECONDS / Database.STEP));
    long dayRows = MinuteSet.DAY_ROW_SECONDS;
    long dayStart = day == null ? Long.MAX_VALUE : day.getStartTime();
    FetchData dayData = null;
    if (day != null && rowSeconds > dayRows && end > dayStart) {
      dayData = db.createFetchRequest(ConsolFun.AVERAGE, Math.max(start, dayStart), end, dayRows).fetchData();
      if (dayData.getStep() != dayRows) {
        dayData = null;
      }
    }
    double total = 0;
    double known = 0;
    for (int i = 0; i < times.length; i++) {
      if (times[i] <= start || times[i] > end || Double.isNaN(values[i])) {
        continue;
      }
      long rowStart = times[i] - rowSeconds;
      long seconds = rowSeconds;
      if (dayData != null && rowStart >= dayStart) {
        seconds = knownSeconds(dayData, ds, rowStart, times[i]);
      }
      total += values[i] * seconds;
      known++;
    }
    return known == 0 ? Double.NaN : total;
  }

  private static long knownSeconds(FetchData day, String ds, long from, long to) {
    long[] times = day.getTimestamps();
    double[] values = day.getValues(ds);
    long seconds = 0;
    for (int i = 0; i < times.length; i++) {
      if (times[i] > from && times[i] <= to && !Double.isNaN(values[i])) {
        seconds += day.getStep();
      }
    }
    return seconds;
  }
}
