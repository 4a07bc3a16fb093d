package net.mailstat.rrd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import net.mailstat.count.Saturating;

/**
 * One set of databases (all hosts, or one host; or the detail databases) and the minutes not yet
 * written to it. Minute {@code m} (the minute starting at {@code m}) is written as one update at
 * {@code m + 60}, so an ABSOLUTE data source holds exactly that minute's count. A minute's counts
 * are kept by slot ({@link RrdLayout#slot}: a category's ordinal, or a detail data source's
 * index). Not thread-safe: the recorder guards it.
 */
final class MinuteSet {
  static final long UNSET = Long.MIN_VALUE;
  /** A gap since the previous run up to this long is filled with zeros; longer ones stay unknown. */
  static final long RESTART_FILL_SECONDS = 3600;
  /**
   * The day archive's row (8 minutes). Its rows are kept either wholly known or wholly unknown:
   * the minutes of a database's first row before its first minute, and of the rows at both ends
   * of an unknown gap, are written as zeros, because the average of a partly known row would be
   * taken as the whole row's and the legend's totals would count its known minutes up to 8 times
   * over (docs/rrd.md).
   */
  static final long DAY_ROW_SECONDS = Database.STEP * 8;
  /**
   * The week archive's row (56 minutes). A new database starts with zeros from the start of the
   * week row its first minute falls in, so that the week archive's first row is wholly known too:
   * legend totals read each part of a range from the finest archive holding it (KnownTotals), and
   * on a database younger than the week archive's reach (7.7 days) every graph's total is then exact.
   */
  static final long WEEK_ROW_SECONDS = Database.STEP * 56;

  private final int slots;
  private final long[] zero;
  private final RrdFiles files;
  private final List<? extends RrdLayout> databases;
  private final String hostKey;
  private final RrdStores stores;
  private final long runStartMinute;
  private final RrdStore[] dbs;
  private final int[][] columns;
  private final long[] lastUpdate;
  private final boolean[] writtenThisRun;
  private final TreeMap<Long, long[]> pending = new TreeMap<>();
  private long nextMinute = UNSET;
  private long newestMinute = UNSET;
  private long lastArrivalMillis = Long.MIN_VALUE;
  private boolean wroteThisRun;
  long minutesWritten;

  /** {@code slots}: how many columns a minute's counts have (see {@link RrdLayout#slot}). */
  MinuteSet(RrdFiles files, List<? extends RrdLayout> databases, int slots, String hostKey, RrdStores stores,
      long runStartMinute) throws IOException {
    this.files = files;
    this.databases = List.copyOf(databases);
    this.slots = slots;
    this.zero = new long[slots];
    this.hostKey = hostKey;
    this.stores = stores;
    this.runStartMinute = runStartMinute;
    int n = this.databases.size();
    this.dbs = new RrdStore[n];
    this.columns = new int[n][];
    this.lastUpdate = new long[n];
    this.writtenThisRun = new boolean[n];
    try {
      for (int i = 0; i < n; i++) {
        Path path = files.path(this.databases.get(i), hostKey);
        if (Files.isRegularFile(path)) {
          open(i, stores.open(path));
          long next = ceilMinute(lastUpdate[i]);
          nextMinute = nextMinute == UNSET ? next : Math.min(nextMinute, next);
        } else {
          stores.requireCreatable(path);
        }
      }
    } catch (IOException | RuntimeException e) {
      release();
      throw e;
    }
  }

  private void open(int i, RrdStore rrd) {
    dbs[i] = rrd;
    lastUpdate[i] = rrd.lastUpdate();
    String[] names = rrd.dsNames();
    columns[i] = new int[names.length];
    for (int c = 0; c < names.length; c++) {
      columns[i][c] = databases.get(i).slot(names[c]);
    }
  }

  boolean hasData() {
    return nextMinute != UNSET;
  }

  long nextMinute() {
    return nextMinute;
  }

  /**
   * Adds {@code n} to {@code minute}, which must not be before {@link #nextMinute()} once set,
   * then closes what the newest minute allows.
   */
  void add(long minute, int slot, long n, long nowMillis, long graceSeconds) throws IOException {
    lastArrivalMillis = nowMillis;
    if (nextMinute == UNSET) {
      nextMinute = minute;
    }
    long[] counts = pending.computeIfAbsent(minute, k -> new long[slots]);
    counts[slot] = Saturating.add(counts[slot], n);
    if (newestMinute == UNSET || minute > newestMinute) {
      newestMinute = minute;
      closeBefore(minute - graceSeconds);
    }
  }

  /**
   * Closes minutes when no line has arrived for the grace period. Log time is taken to have moved
   * on as far as the wall clock since the last line, not to be the wall clock: a host whose clock
   * lags must not find all its minutes closed.
   */
  void idle(long nowMillis, long graceSeconds) throws IOException {
    if (lastArrivalMillis == Long.MIN_VALUE) {
      closeBefore(floorMinute(nowMillis / 1000) - graceSeconds);
      return;
    }
    long quietMillis = nowMillis - lastArrivalMillis;
    if (quietMillis >= graceSeconds * 1000) {
      closeBefore(floorMinute(newestMinute + quietMillis / 1000) - graceSeconds);
    }
  }

  /** Writes everything pending, including the current minute. */
  void closeAll() throws IOException {
    if (!pending.isEmpty()) {
      closeBefore(pending.lastKey() + Database.STEP);
    }
  }

  void closeBefore(long limit) throws IOException {
    if (nextMinute == UNSET) {
      return;
    }
    if (!wroteThisRun) {
      // Minutes before this run that no event fell in are not known to be quiet: skip them.
      long first = pending.isEmpty() ? runStartMinute : Math.min(pending.firstKey(), runStartMinute);
      long start = Math.min(floorMinute(first), floorMinute(limit));
      if (start > nextMinute) {
        nextMinute = start;
      }
    }
    while (nextMinute < limit) {
      long[] counts = pending.remove(nextMinute);
      write(nextMinute, counts == null ? zero : counts);
      nextMinute += Database.STEP;
      wroteThisRun = true;
    }
  }

  private void write(long minute, long[] counts) throws IOException {
    long time = minute + Database.STEP;
    for (int i = 0; i < databases.size(); i++) {
      RrdLayout db = databases.get(i);
      if (dbs[i] == null) {
        long rowStart = minute - Math.floorMod(minute, WEEK_ROW_SECONDS);
        open(i, stores.create(db, files.path(db, hostKey), rowStart));
        writtenThisRun[i] = true;
        fillZeros(i, rowStart, minute);
      }
      if (time <= lastUpdate[i]) {
        continue;
      }
      if (!writtenThisRun[i]) {
        bridgeGap(i, minute);
        writtenThisRun[i] = true;
      }
      update(i, time, counts);
    }
    minutesWritten++;
  }

  /** Between the previous run's last update and {@code minute}: zeros if short, unknown if long. */
  private void bridgeGap(int i, long minute) throws IOException {
    long from = ceilMinute(lastUpdate[i]);
    if (minute <= from) {
      return;
    }
    if (minute - from <= RESTART_FILL_SECONDS) {
      for (long m = from; m < minute; m += Database.STEP) {
        update(i, m + Database.STEP, zero);
      }
    } else {
      fillZeros(i, from, from - Math.floorMod(from, DAY_ROW_SECONDS) + (Math.floorMod(from, DAY_ROW_SECONDS) == 0
          ? 0 : DAY_ROW_SECONDS));
      long rowStart = minute - Math.floorMod(minute, DAY_ROW_SECONDS);
      if (rowStart > lastUpdate[i]) {
        double[] unknown = new double[columns[i].length];
        java.util.Arrays.fill(unknown, Double.NaN);
        dbs[i].update(rowStart, unknown);
        lastUpdate[i] = rowStart;
      }
      fillZeros(i, lastUpdate[i], minute);
    }
  }

  /** Zero minutes from {@code from} (a minute) to {@code until}. */
  private void fillZeros(int i, long from, long until) throws IOException {
    for (long m = from; m < until; m += Database.STEP) {
      update(i, m + Database.STEP, zero);
    }
  }

  private void update(int i, long time, long[] counts) throws IOException {
    int[] cols = columns[i];
    double[] values = new double[cols.length];
    for (int c = 0; c < cols.length; c++) {
      values[c] = cols[c] < 0 || cols[c] >= slots ? Double.NaN : counts[cols[c]];
    }
    dbs[i].update(time, values);
    lastUpdate[i] = time;
  }

  void release() throws IOException {
    IOException first = null;
    for (int i = 0; i < dbs.length; i++) {
      if (dbs[i] != null) {
        try {
          dbs[i].release();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
        dbs[i] = null;
      }
    }
    if (first != null) {
      throw first;
    }
  }


  static long floorMinute(long epochSecond) {
    return Math.floorDiv(epochSecond, Database.STEP) * Database.STEP;
  }

  static long ceilMinute(long epochSecond) {
    return -Math.floorDiv(-epochSecond, Database.STEP) * Database.STEP;
  }
}
