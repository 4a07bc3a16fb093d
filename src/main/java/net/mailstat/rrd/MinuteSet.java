package net.mailstat.rrd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import net.mailstat.count.Category;
import net.mailstat.count.Saturating;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDbPool;
import org.rrd4j.core.Sample;

/**
 * One set of databases (all hosts, or one host) and the minutes not yet written to it. Minute
 * {@code m} (the minute starting at {@code m}) is written as one update at {@code m + 60}, so an
 * ABSOLUTE data source holds exactly that minute's count. Not thread-safe: the recorder guards it.
 */
final class MinuteSet {
  static final long UNSET = Long.MIN_VALUE;
  /** A gap since the previous run up to this long is filled with zeros; longer ones stay unknown. */
  static final long RESTART_FILL_SECONDS = 3600;

  private static final int CATEGORIES = Category.all().size();
  private static final long[] ZERO = new long[CATEGORIES];

  private final RrdFiles files;
  private final Set<Database> databases;
  private final String hostKey;
  private final RrdDbPool pool;
  private final long runStartMinute;
  private final RrdDb[] dbs = new RrdDb[Database.values().length];
  private final Category[][] columns = new Category[Database.values().length][];
  private final long[] lastUpdate = new long[Database.values().length];
  private final boolean[] writtenThisRun = new boolean[Database.values().length];
  private final TreeMap<Long, long[]> pending = new TreeMap<>();
  private long nextMinute = UNSET;
  private long newestMinute = UNSET;
  private long lastArrivalMillis = Long.MIN_VALUE;
  private boolean wroteThisRun;
  long minutesWritten;

  MinuteSet(RrdFiles files, Set<Database> databases, String hostKey, RrdDbPool pool, long runStartMinute)
      throws IOException {
    this.files = files;
    this.databases = databases;
    this.hostKey = hostKey;
    this.pool = pool;
    this.runStartMinute = runStartMinute;
    for (Database db : databases) {
      Path path = files.path(db, hostKey);
      if (Files.isRegularFile(path)) {
        requireRrd4j(path);
        open(db, pool.requestRrdDb(path.toString()));
        long next = ceilMinute(lastUpdate[db.ordinal()]);
        nextMinute = nextMinute == UNSET ? next : Math.min(nextMinute, next);
      }
    }
  }

  private static void requireRrd4j(Path path) throws IOException {
    RrdFileKind kind;
    try {
      kind = RrdFileKind.of(path);
    } catch (RrdToolException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (kind == RrdFileKind.RRDTOOL) {
      throw new IOException(path + " is an rrdtool file; bring it over with 'mailstat rrd import'");
    }
    if (kind != RrdFileKind.RRD4J) {
      throw new IOException(path + " is not an RRD file");
    }
  }

  private void open(Database db, RrdDb rrd) throws IOException {
    int i = db.ordinal();
    dbs[i] = rrd;
    lastUpdate[i] = rrd.getLastUpdateTime();
    String[] names = rrd.getDsNames();
    columns[i] = new Category[names.length];
    for (int c = 0; c < names.length; c++) {
      for (Database.Source s : db.sources()) {
        if (s.name().equals(names[c])) {
          columns[i][c] = s.category();
        }
      }
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
  void add(long minute, Category category, long n, long nowMillis, long graceSeconds) throws IOException {
    lastArrivalMillis = nowMillis;
    if (nextMinute == UNSET) {
      nextMinute = minute;
    }
    long[] counts = pending.computeIfAbsent(minute, k -> new long[CATEGORIES]);
    counts[category.ordinal()] = Saturating.add(counts[category.ordinal()], n);
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
      write(nextMinute, counts == null ? ZERO : counts);
      nextMinute += Database.STEP;
      wroteThisRun = true;
    }
  }

  private void write(long minute, long[] counts) throws IOException {
    long time = minute + Database.STEP;
    for (Database db : databases) {
      int i = db.ordinal();
      if (dbs[i] == null) {
        Path path = files.path(db, hostKey);
        Files.createDirectories(path.getParent());
        open(db, pool.requestRrdDb(db.definition(path.toString(), minute)));
        writtenThisRun[i] = true;
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
        update(i, m + Database.STEP, ZERO);
      }
    } else {
      Sample unknown = dbs[i].createSample(minute);
      unknown.update();
      lastUpdate[i] = minute;
    }
  }

  private void update(int i, long time, long[] counts) throws IOException {
    Sample sample = dbs[i].createSample(time);
    Category[] cols = columns[i];
    for (int c = 0; c < cols.length; c++) {
      sample.setValue(c, cols[c] == null ? Double.NaN : counts[cols[c].ordinal()]);
    }
    sample.update();
    lastUpdate[i] = time;
  }

  void release() throws IOException {
    IOException first = null;
    for (int i = 0; i < dbs.length; i++) {
      if (dbs[i] != null) {
        try {
          pool.release(dbs[i]);
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
