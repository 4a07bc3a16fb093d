package net.mailstat.rrd;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.DetailKey;
import net.mailstat.count.EventSink;
import net.mailstat.count.Saturating;
import net.mailstat.queue.QueueSnapshot;
import org.rrd4j.core.RrdDbPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns classified events into per-minute updates of the mail, virus and greylist databases, by
 * event time, for all hosts and optionally per syslog host. Late, out-of-order and future events
 * follow the policy in docs/rrd.md. Thread-safe: sources may call {@link #record} concurrently.
 * Only one recorder may write a directory and name at a time (a lock on {@code NAME.lock}).
 *
 * <p>Per-host sets are opened, created and written off the recording (counting) threads: a host's
 * events only go into an in-memory inbox, summed by host, minute and category, which
 * {@link #flush()} (the daemon's flushing thread), {@link #logCompleteUntil} and {@link #close()}
 * move into the sets. The inbox is bounded ({@link #MAX_INBOX}): a recording thread that finds it
 * full moves it itself, which only happens when nothing flushes (a one-shot read of a long log).
 * Two locks: {@code hostLock} guards the host sets, {@code this} the total set and the inbox;
 * {@code hostLock} is always taken first.
 *
 * <p>With {@link RrdSettings#families()}, the counted details (rejects by reason, TLS) go into a
 * set of their own ({@link FamilyDatabase#counted()}) under the same late and grace policy, and
 * queue samples into {@link QueueHistory} (its own lock, so a sample never waits for counting).
 */
public final class RrdRecorder implements EventSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RrdRecorder.class);
  /** Events stamped further ahead of the clock than this are counted in the current minute. */
  static final long MAX_FUTURE_SECONDS = 300;
  private static final long WARN_EVERY_MILLIS = 60_000;
  /** Files the graphs may hold open at once besides the recorder's. */
  private static final int GRAPH_HEADROOM = 32;
  /** The program that keeps rrdtool-format files ({@link RrdFormat#RRDTOOL}), found on the PATH. */
  static final String RRDTOOL_PROGRAM = "rrdtool";

  private final RrdSettings settings;
  private final RrdDbPool pool;
  private final RrdStores stores;
  private final Clock clock;
  private final DirectoryLock lock;
  private final long graceSeconds;
  private final long lateLimitSeconds;
  private final long runStartMinute;
  private final MinuteSet total;
  /** The detail databases, or null without {@link RrdSettings#families()}; guarded by {@code this}. */
  private final MinuteSet details;
  /** The queue database, or null without {@link RrdSettings#families()}; guarded by itself. */
  private final QueueHistory queues;
  /**
   * Host sets kept at most; the events of further hosts go to the set {@link #OTHER_HOSTS}. The
   * daemon already folds hosts beyond {@code --max-hosts} (1,000 by default) into a row of that
   * name; this bounds the files and descriptors whatever the caller passes.
   */
  static final int MAX_HOST_SETS = 1000;
  /** The set of the hosts beyond the limit (the daemon's row for them has the same name). */
  static final String OTHER_HOSTS = "other";
  /** Inbox entries (host, minute, category) beyond which a recording thread empties it itself. */
  static final int MAX_INBOX = 20_000;

  private final Object hostLock = new Object();
  private final Map<String, MinuteSet> hosts = new HashMap<>();
  /** Per entry: the count, and when its last event arrived (the set's grace period runs from then). */
  private Map<HostMinute, long[]> inbox = new LinkedHashMap<>();

  /** One host's count of one category in one minute, waiting to be written. */
  private record HostMinute(String hostKey, long minute, Category category) {}
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
    this.stores = new RrdStores(pool, settings.format(), RRDTOOL_PROGRAM);
    this.clock = clock;
    this.lock = lock;
    this.graceSeconds = MinuteSet.floorMinute(settings.grace().toSeconds());
    this.lateLimitSeconds = settings.lateLimit().toSeconds();
    this.runStartMinute = MinuteSet.floorMinute(clock.millis() / 1000);
    if (settings.perHost()) {
      sizePool(pool);
    }
    MinuteSet opened = null;
    try {
      opened = mailSet(null);
      this.total = opened;
      this.details = settings.families() ? new MinuteSet(settings.files(), FamilyDatabase.counted(),
          FamilyDatabase.countedSlots(), null, stores, runStartMinute) : null;
      this.queues = settings.families() ? new QueueHistory(settings.files(), stores) : null;
    } catch (IOException | RuntimeException e) {
      if (opened != null) {
        opened.release();
      }
      stores.close();
      throw e;
    }
  }

  /** The mail, virus and greylist databases of all hosts ({@code hostKey} null) or of one host. */
  private MinuteSet mailSet(String hostKey) throws IOException {
    return new MinuteSet(settings.files(), List.copyOf(settings.databases()), Category.all().size(), hostKey, stores,
        runStartMinute);
  }

  /**
   * Opens (or, at the first event, creates) the databases under the settings' directory. The pool
   * is the application's one {@link RrdDbPool}, shared with the graphs.
   *
   * @throws IOException if the directory cannot be used or another process is writing it
   */
  public static RrdRecorder open(RrdSettings settings, RrdDbPool pool, Clock clock) throws IOException {
    DirectoryLock lock = DirectoryLock.acquire(settings.files(), settings.databases(), settings.families());
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
  public void record(Category category, long epochSecond, String syslogHost, long n) {
    if (recordTotal(category, epochSecond, syslogHost, n)) {
      synchronized (hostLock) {
        moveInbox();
      }
    }
  }

  /**
   * Records {@code n} events of a detail (a reject's reason, a TLS connection) into the detail
   * databases, by log time like {@link #record}; details of other families, and all details
   * without {@link RrdSettings#families()}, are kept in no database. Not in {@link #stats()}.
   */
  @Override
  public synchronized void detail(DetailKey key, long epochSecond, String syslogHost, long n) {
    int slot = FamilyDatabase.slotOf(key);
    if (n <= 0 || closed || details == null || slot < 0) {
      return;
    }
    long nowMillis = clock.millis();
    addPlaced(details, eventMinute(epochSecond, nowMillis), slot, n, nowMillis);
  }

  /**
   * Writes a queue sample (called with the latest one every few seconds; one already written is
   * skipped). Without {@link RrdSettings#families()} nothing is kept.
   */
  public void queueSample(QueueSnapshot sample) {
    if (queues == null || sample == null) {
      return;
    }
    synchronized (queues) {
      try {
        queues.write(sample);
      } catch (IOException e) {
        writeFailed("update the queue RRD", e);
      }
    }
  }

  /** The minute of an event at {@code epochSecond}; the current minute for one too far in the future. */
  private static long eventMinute(long epochSecond, long nowMillis) {
    long minute = MinuteSet.floorMinute(epochSecond);
    long nowMinute = MinuteSet.floorMinute(nowMillis / 1000);
    return minute > nowMinute + MAX_FUTURE_SECONDS ? nowMinute : minute;
  }

  /** Records into the total set and the inbox; true if the inbox is full. */
  private synchronized boolean recordTotal(Category category, long epochSecond, String syslogHost, long n) {
    if (n <= 0 || closed) {
      return false;
    }
    long nowMillis = clock.millis();
    long minute = eventMinute(epochSecond, nowMillis);
    if (minute != MinuteSet.floorMinute(epochSecond)) {
      future = Saturating.add(future, n);
    }
    switch (addPlaced(total, minute, category.ordinal(), n, nowMillis)) {
      case DROP -> dropped = Saturating.add(dropped, n);
      case SHIFT -> shifted = Saturating.add(shifted, n);
      case EXACT -> recorded = Saturating.add(recorded, n);
    }
    if (!settings.perHost()) {
      return false;
    }
    long[] entry = inbox.computeIfAbsent(new HostMinute(RrdFiles.hostKey(syslogHost), minute, category),
        k -> new long[2]);
    entry[0] = Saturating.add(entry[0], n);
    entry[1] = nowMillis;
    return inbox.size() >= MAX_INBOX;
  }

  /** Moves the inbox into the host sets, opening or creating sets of new hosts; hostLock held. */
  private void moveInbox() {
    Map<HostMinute, long[]> events;
    synchronized (this) {
      if (inbox.isEmpty()) {
        return;
      }
      events = inbox;
      inbox = new LinkedHashMap<>();
    }
    events.forEach((e, entry) -> {
      String key = e.hostKey();
      if (!hosts.containsKey(key) && hosts.size() >= MAX_HOST_SETS) {
        key = OTHER_HOSTS;
      }
      MinuteSet set = hosts.get(key);
      if (set == null) {
        try {
          set = mailSet(key);
        } catch (IOException ex) {
          writeFailed("open RRDs of host " + key, ex);
          return;
        }
        hosts.put(key, set);
      }
      addPlaced(set, e.minute(), e.category().ordinal(), entry[0], entry[1]);
    });
  }

  /** Host sets open (tests: whether the recording thread or a flush opened them). */
  int hostSetsOpen() {
    synchronized (hostLock) {
      return hosts.size();
    }
  }

  /**
   * Each set keeps its three databases open in the pool, and a full pool blocks the caller until
   * a file is released, so the pool must hold every set the recorder may keep, plus room for the
   * graphs. rrd4j only changes the capacity of an empty pool, so this is done before any file is
   * opened (growing it later, at a new host, threw once the total's files were open).
   */
  private static void sizePool(RrdDbPool pool) {
    int needed = (MAX_HOST_SETS + 2) * Database.values().length + GRAPH_HEADROOM;
    if (pool.getCapacity() >= needed) {
      return;
    }
    if (pool.getOpenFileCount() == 0) {
      pool.setCapacity(needed);
    } else {
      log.warn("the RRD pool holds open files already and keeps its capacity of {}; per-host sets beyond it"
          + " wait for files to be released", pool.getCapacity());
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

  /** Adds {@code n} to {@code slot} of {@code set} where {@link #place} puts {@code minute}. */
  private Placement addPlaced(MinuteSet set, long minute, int slot, long n, long nowMillis) {
    Placement p = place(set, minute);
    if (p != Placement.DROP) {
      try {
        set.add(p == Placement.SHIFT ? set.nextMinute() : minute, slot, n, nowMillis, graceSeconds);
      } catch (IOException e) {
        writeFailed("update RRDs", e);
      }
    }
    return p;
  }

  /**
   * Closes quiet minutes by the clock and writes the hosts' inbox; the daemon calls this every few
   * seconds, on a thread of its own.
   */
  public void flush() {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        total.idle(clock.millis(), graceSeconds);
        if (details != null) {
          details.idle(clock.millis(), graceSeconds);
        }
      } catch (IOException e) {
        writeFailed("update RRDs", e);
      }
    }
    synchronized (hostLock) {
      synchronized (this) {
        if (closed) {
          return;
        }
      }
      moveInbox();
      long nowMillis = clock.millis();
      try {
        for (MinuteSet set : hosts.values()) {
          set.idle(nowMillis, graceSeconds);
        }
      } catch (IOException e) {
        writeFailed("update RRDs", e);
      }
    }
  }

  /**
   * The log is known to be complete up to {@code epochSecond} (a one-shot read has reached its
   * end there): the minutes before that one are closed now, quiet ones as zeros, so that the
   * archive rows they finish hold their counts.
   */
  public void logCompleteUntil(long epochSecond) {
    long limit = MinuteSet.floorMinute(epochSecond);
    synchronized (hostLock) {
      synchronized (this) {
        if (closed) {
          return;
        }
        try {
          total.closeBefore(limit);
          if (details != null) {
            details.closeBefore(limit);
          }
        } catch (IOException e) {
          writeFailed("update RRDs", e);
        }
      }
      moveInbox();
      try {
        for (MinuteSet set : hosts.values()) {
          set.closeBefore(limit);
        }
      } catch (IOException e) {
        writeFailed("update RRDs", e);
      }
    }
  }

  public synchronized RecorderStats stats() {
    return new RecorderStats(recorded, shifted, dropped, future, total.minutesWritten, writeErrors);
  }

  /** Writes every pending minute (the current one too), releases the databases and the lock. */
  @Override
  public void close() throws IOException {
    IOException queueFailure = null;
    if (queues != null) {
      synchronized (queues) {
        try {
          queues.release();
        } catch (IOException e) {
          queueFailure = e;
        }
      }
    }
    synchronized (hostLock) {
      synchronized (this) {
        closeLocked();
      }
    }
    if (queueFailure != null) {
      throw queueFailure;
    }
  }

  private void closeLocked() throws IOException {
    if (closed) {
      return;
    }
    moveInbox();
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
    stores.close();
    lock.close();
    if (failure != null) {
      throw failure;
    }
  }

  private Iterable<MinuteSet> allSets() {
    List<MinuteSet> all = new ArrayList<>(hosts.values());
    all.add(0, total);
    if (details != null) {
      all.add(1, details);
    }
    return all;
  }

  private synchronized void writeFailed(String what, IOException e) {
    writeErrors++;
    long now = clock.millis();
    if (lastWarnMillis == Long.MIN_VALUE || now - lastWarnMillis >= WARN_EVERY_MILLIS) {
      lastWarnMillis = now;
      log.warn("cannot {} in {}: {} ({} failures so far)", what, settings.files().dir(), e.toString(), writeErrors);
    }
  }
}
