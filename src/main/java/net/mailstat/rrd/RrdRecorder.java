package net.mailstat.rrd;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.EventSink;
import net.mailstat.count.Saturating;
import org.rrd4j.core.RrdDbPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns classified events into per-minute updates of the mail, virus and greylist databases, by
 * event time, for all hosts and optionally per syslog host. Late, out-of-order and future events
 * follow the policy in docs/rrd.md. Thread-safe: sources may call {@link #record} concurrently.
 * Only one recorder may write a directory and name at a time (a lock on {@code NAME.lock}).
 */
public final class RrdRecorder implements EventSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RrdRecorder.class);
  /** Events stamped further ahead of the clock than this are counted in the current minute. */
  static final long MAX_FUTURE_SECONDS = 300;
  private static final long WARN_EVERY_MILLIS = 60_000;
  /** Files the graphs may hold open at once besides the recorder's. */
  private static final int GRAPH_HEADROOM = 32;

  private final RrdSettings settings;
  private final RrdDbPool pool;
  private final Clock clock;
  private final DirectoryLock lock;
  private final long graceSeconds;
  private final long lateLimitSeconds;
  private final long runStartMinute;
  private final MinuteSet total;
  private final Map<String, MinuteSet> hosts = new HashMap<>();
  private long recorded;
  private long shifted;
  private long dropped;
  private long future;
  private long writeErrors;
  private long lastWarnMillis = Long.MIN_VALUE;
  private boolean closed;

  private RrdRecorder(RrdSettings settings, RrdDbPool pool, Clock clock, DirectoryLock lock) throws IOException {
    this.settings = settings;
    this.pool = pool;
    this.clock = clock;
    this.lock = lock;
    this.graceSeconds = MinuteSet.floorMinute(settings.grace().toSeconds());
    this.lateLimitSeconds = settings.lateLimit().toSeconds();
    this.runStartMinute = MinuteSet.floorMinute(clock.millis() / 1000);
    this.total = new MinuteSet(settings.files(), settings.databases(), null, pool, runStartMinute);
  }

  /**
   * Opens (or, at the first event, creates) the databases under the settings' directory. The pool
   * is the application's one {@link RrdDbPool}, shared with the graphs.
   *
   * @throws IOException if the directory cannot be used or another process is writing it
   */
  public static RrdRecorder open(RrdSettings settings, RrdDbPool pool, Clock clock) throws IOException {
    DirectoryLock lock = DirectoryLock.acquire(settings.files(), settings.databases());
    try {
      return new RrdRecorder(settings, pool, clock, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  @Override
  public void count(Category category, long epochSecond, String syslogHost, long n) {
    record(category, epochSecond, syslogHost, n);
  }

  /** Records {@code n} events of {@code category} that the log stamped {@code epochSecond}. */
  public synchronized void record(Category category, long epochSecond, String syslogHost, long n) {
    if (n <= 0 || closed) {
      return;
    }
    long nowMillis = clock.millis();
    long minute = MinuteSet.floorMinute(epochSecond);
    long nowMinute = MinuteSet.floorMinute(nowMillis / 1000);
    if (minute > nowMinute + MAX_FUTURE_SECONDS) {
      minute = nowMinute;
      future = Saturating.add(future, n);
    }
    Placement placement = place(total, minute);
    switch (placement) {
      case DROP -> dropped = Saturating.add(dropped, n);
      case SHIFT -> shifted = Saturating.add(shifted, n);
      case EXACT -> recorded = Saturating.add(recorded, n);
    }
    if (placement != Placement.DROP) {
      add(total, placement == Placement.SHIFT ? total.nextMinute() : minute, category, n, nowMillis);
    }
    if (settings.perHost()) {
      String key = RrdFiles.hostKey(syslogHost);
      MinuteSet set = hosts.get(key);
      if (set == null) {
        ensurePoolRoom();
        try {
          set = new MinuteSet(settings.files(), settings.databases(), key, pool, runStartMinute);
        } catch (IOException e) {
          writeFailed("open RRDs of host " + key, e);
          return;
        }
        hosts.put(key, set);
      }
      Placement p = place(set, minute);
      if (p != Placement.DROP) {
        add(set, p == Placement.SHIFT ? set.nextMinute() : minute, category, n, nowMillis);
      }
    }
  }

  /**
   * Each set keeps its three databases open in the pool, and a full pool blocks the caller until
   * a file is released: grow it before a new host's set, leaving room for the graphs.
   */
  private void ensurePoolRoom() {
    int needed = (hosts.size() + 2) * Database.values().length + GRAPH_HEADROOM;
    if (pool.getCapacity() < needed) {
      pool.setCapacity(Math.max(needed, pool.getCapacity() * 2));
    }
  }

  private enum Placement {
    EXACT,
    SHIFT,
    DROP
  }

  private Placement place(MinuteSet set, long minute) {
    if (!set.hasData() || minute >= set.nextMinute()) {
      return Placement.EXACT;
    }
    return set.nextMinute() - minute <= lateLimitSeconds ? Placement.SHIFT : Placement.DROP;
  }

  private void add(MinuteSet set, long minute, Category category, long n, long nowMillis) {
    try {
      set.add(minute, category, n, nowMillis, graceSeconds);
    } catch (IOException e) {
      writeFailed("update RRDs", e);
    }
  }

  /** Closes quiet minutes by the clock; the daemon calls this every few seconds. */
  public synchronized void flush() {
    if (closed) {
      return;
    }
    long nowMillis = clock.millis();
    try {
      total.idle(nowMillis, graceSeconds);
      for (MinuteSet set : hosts.values()) {
        set.idle(nowMillis, graceSeconds);
      }
    } catch (IOException e) {
      writeFailed("update RRDs", e);
    }
  }

  /**
   * The log is known to be complete up to {@code epochSecond} (a one-shot read has reached its
   * end there): the minutes before that one are closed now, quiet ones as zeros, so that the
   * archive rows they finish hold their counts.
   */
  public synchronized void logCompleteUntil(long epochSecond) {
    if (closed) {
      return;
    }
    long limit = MinuteSet.floorMinute(epochSecond);
    try {
      total.closeBefore(limit);
      for (MinuteSet set : hosts.values()) {
        set.closeBefore(limit);
      }
    } catch (IOException e) {
      writeFailed("update RRDs", e);
    }
  }

  public synchronized RecorderStats stats() {
    return new RecorderStats(recorded, shifted, dropped, future, total.minutesWritten, writeErrors);
  }

  /** Writes every pending minute (the current one too), releases the databases and the lock. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    for (MinuteSet set : allSets()) {
      try {
        set.closeAll();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
      try {
        set.release();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    lock.close();
    if (failure != null) {
      throw failure;
    }
  }

  private Iterable<MinuteSet> allSets() {
    List<MinuteSet> all = new ArrayList<>(hosts.values());
    all.add(0, total);
    return all;
  }

  private void writeFailed(String what, IOException e) {
    writeErrors++;
    long now = clock.millis();
    if (lastWarnMillis == Long.MIN_VALUE || now - lastWarnMillis >= WARN_EVERY_MILLIS) {
      lastWarnMillis = now;
      log.warn("cannot {} in {}: {} ({} failures so far)", what, settings.files().dir(), e.toString(), writeErrors);
    }
  }
}
