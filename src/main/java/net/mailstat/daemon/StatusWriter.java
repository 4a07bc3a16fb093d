package net.mailstat.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.Ownership;
import net.mailstat.state.StatusFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the instance's {@link StatusFile} every {@link #INTERVAL} on its own thread
 * ("mailstat-status"): the sources' states, the last commit, the listeners, the warnings so far and
 * one sample of the counters a minute for the last {@link #SAMPLES} minutes, and the sources' sample of
 * mail lines no rule matched. A file source whose
 * thread has been inside a call (an open or a read: not waiting between polls) for
 * {@link #HUNG_AFTER} without delivering a line or a position is reported hung (a FIFO nobody
 * writes, a dead network mount).
 */
public final class StatusWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);
  static final Duration INTERVAL = Duration.ofSeconds(2);
  static final Duration HUNG_AFTER = Duration.ofSeconds(10);
  static final int SAMPLES = 11;

  /** What the writer reports beside the daemon's own state. */
  public record Reported(List<StatusFile.Listener> listeners, String rrdFile, Supplier<CounterSnapshot> counts,
      LongSupplier warnings, Supplier<String> lastWarning) {
    public Reported {
      listeners = List.copyOf(listeners);
    }
  }

  private final Path file;
  private final String instance;
  private final Ownership ownership;
  private final Daemon daemon;
  private final Reported reported;
  private final Clock clock;
  private final long startedSecond;
  private final ScheduledExecutorService thread;
  private final Deque<StatusFile.Sample> samples = new ArrayDeque<>();
  private final List<Progress> progress = new ArrayList<>();
  private boolean failing;
  private volatile StatusFile.Status latest;

  /** Per source: what it had delivered when its thread was first seen busy without progress. */
  private static final class Progress {
    long lastLineMillis = -1;
    Object position;
    long busySinceMillis = -1;
  }

  private StatusWriter(Path file, String instance, Ownership ownership, Daemon daemon, Reported reported,
      Clock clock) {
    this.file = file;
    this.instance = instance;
    this.ownership = ownership;
    this.daemon = daemon;
    this.reported = reported;
    this.clock = clock;
    this.startedSecond = clock.millis() / 1000;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mailstat-status");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts writing {@code file} for the running {@code daemon}. */
  public static StatusWriter start(Path file, String instance, Ownership ownership, Daemon daemon, Reported reported) {
    StatusWriter w = new StatusWriter(file, instance, ownership, daemon, reported, Clock.systemUTC());
    w.thread.scheduleWithFixedDelay(w::writeOnce, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return w;
  }

  private void writeOnce() {
    try {
      StatusFile.Status s = status();
      latest = s;
      StatusFile.write(file, s);
      if (failing) {
        log.info("status file {} written again", file);
        failing = false;
      }
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        log.warn("cannot write the status file {}: {}", file, e.getMessage());
        failing = true;
      }
    }
  }

  StatusFile.Status status() {
    long nowMillis = clock.millis();
    long now = nowMillis / 1000;
    List<SourceStatus> sources = daemon.sources();
    List<Boolean> busy = daemon.sourceThreadsBusy();
    while (progress.size() < sources.size()) {
      progress.add(new Progress());
    }
    List<StatusFile.Source> rows = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceStatus s = sources.get(i);
      boolean hung = isFile(s.sourceId()) && stuck(progress.get(i), s, busy.get(i), nowMillis);
      rows.add(new StatusFile.Source(s.sourceId(), state(s, hung), s.position() == null ? 0 : s.position().offset(),
          s.lastLineMillis() / 1000, s.lastLogSecond(), s.trouble()));
    }
    CounterSnapshot counts = reported.counts().get();
    if (counts != null && (samples.isEmpty() || samples.peekLast().epochSecond() / 60 != now / 60)) {
      samples.addLast(new StatusFile.Sample(now, counts));
      while (samples.size() > SAMPLES) {
        samples.removeFirst();
      }
    }
    List<String> owns = ownership.categories().stream().map(Category::key).toList();
    return new StatusFile.Status(instance, ProcessHandle.current().pid(), startedSecond, now,
        INTERVAL.toSeconds(), owns, daemon.lastCommitSecond(), daemon.commitError(), rows, reported.listeners(),
        reported.rrdFile(), reported.warnings().getAsLong(), reported.lastWarning().get(), List.copyOf(samples),
        daemon.unmatched());
  }

  private static boolean isFile(String sourceId) {
    return sourceId.startsWith("/");
  }

  private static boolean stuck(Progress p, SourceStatus s, boolean busy, long nowMillis) {
    boolean moved = p.lastLineMillis != s.lastLineMillis() || p.position != s.position();
    p.lastLineMillis = s.lastLineMillis();
    p.position = s.position();
    if (!busy || moved) {
      p.busySinceMillis = busy ? nowMillis : -1;
      return false;
    }
    if (p.busySinceMillis < 0) {
      p.busySinceMillis = nowMillis;
    }
    return nowMillis - p.busySinceMillis >= HUNG_AFTER.toMillis();
  }

  private static String state(SourceStatus s, boolean hung) {
    if (hung) {
      return "hung";
    }
    if (s.trouble() != null) {
      return s.trouble().contains("no such file") ? "waiting" : "trouble";
    }
    return s.position() == null && s.lastLineMillis() == 0 ? "starting" : "following";
  }

  /** The last status built (null before the first); any thread. */
  public StatusFile.Status latest() {
    return latest;
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
