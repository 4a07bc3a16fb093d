package net.mailstat.rrd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.Archive;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.Robin;

/**
 * The number of messages a graph's range holds, read from the finest archive that still holds
 * each part of the range: the day archive for the last day, the week archive before that, and so
 * on. A coarse graph's own rows are not used for its total: a coarse row is written only when it
 * is complete and at least half known, so on a new installation the month and year graphs' rows
 * are unknown or hold an average that rrd4j's and rrdtool's TOTAL multiply by the whole row (a
 * row with half its minutes known counted them twice). Day rows are wholly known or unknown
 * (MinuteSet), so where the day archive reaches the total is exact; beyond it, each coarser row is
 * taken as wholly known.
 */
final class KnownTotals {
  private KnownTotals() {}

  static double total(RrdDb db, String ds, long start, long end) throws IOException {
    int dsIndex = db.getDsIndex(ds);
    List<Stepped> finestFirst = new ArrayList<>();
    for (int i = 0; i < db.getArcCount(); i++) {
      Archive archive = db.getArchive(i);
      if (archive.getConsolFun() == ConsolFun.AVERAGE) {
        finestFirst.add(new Stepped(archive, archive.getArcStep()));
      }
    }
    finestFirst.sort(Comparator.comparingLong(Stepped::step));
    double total = 0;
    boolean known = false;
    long upper = end;
    for (int a = 0; a < finestFirst.size() && upper > start; a++) {
      Archive archive = finestFirst.get(a).archive();
      long step = finestFirst.get(a).step();
      long oldestRowStart = archive.getStartTime() - step;
      if (oldestRowStart >= upper && a + 1 < finestFirst.size()) {
        continue; // this archive no longer holds any of what is left of the range
      }
      long lower = start;
      if (oldestRowStart > start && a + 1 < finestFirst.size()) {
        // Hand over to the coarser archive on one of its own row boundaries, at the latest at the
        // last one before the range's end (whose straddling coarse row this archive then covers).
        long coarse = finestFirst.get(a + 1).step();
        lower = Math.max(start, Math.min(ceil(oldestRowStart, coarse), Math.floorDiv(upper, coarse) * coarse));
      }
      Robin rows = archive.getRobin(dsIndex);
      for (int row = 0; row < rows.getSize(); row++) {
        long rowEnd = archive.getStartTime() + row * step;
        double rate = rows.getValue(row);
        if (rowEnd > lower && rowEnd <= upper && !Double.isNaN(rate)) {
          total += rate * step;
          known = true;
        }
      }
      upper = Math.min(upper, lower);
    }
    return known ? total : Double.NaN;
  }

  private record Stepped(Archive archive, long step) {}

  private static long ceil(long t, long unit) {
    return Math.floorDiv(t + unit - 1, unit) * unit;
  }
}
