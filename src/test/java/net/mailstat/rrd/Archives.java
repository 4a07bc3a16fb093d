package net.mailstat.rrd;

import java.io.IOException;
import java.nio.file.Path;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.FetchRequest;
import org.rrd4j.core.RrdDb;

/** Reads back what a database holds, as message counts per row of the day archive. */
final class Archives {
  private Archives() {}

  /** Messages of {@code ds} in the day-archive rows ending in {@code (start, end]}. */
  static long count(Path file, String ds, long start, long end) throws IOException {
    try (RrdDb db = RrdDb.getBuilder().setPath(file.toString()).readOnly().build()) {
      FetchRequest req = db.createFetchRequest(ConsolFun.AVERAGE, start, end, 480);
      FetchData data = req.fetchData();
      double[] values = data.getValues(ds);
      long[] times = data.getTimestamps();
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        if (times[i] > start && times[i] <= end && !Double.isNaN(values[i])) {
          sum += values[i] * data.getStep();
        }
      }
      return Math.round(sum);
    }
  }
}
