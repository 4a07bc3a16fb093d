package net.mailstat.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.EventSink;
import net.mailstat.source.LogSource;
import net.mailstat.state.Checkpoint;
import net.mailstat.state.SourceCheckpoint;
import net.mailstat.state.CounterStore;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatusFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counting part of `mailstat run`: one {@link SourceRunner} thread per log, a committer on a
 * schedule, and the counter store. Start order: claim counters, load checkpoint, start followers,
 * start committer. Stop order: followers, final commit, release counters.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);
  private static final long STOP_WAIT_MILLIS = 2000;

  private final CounterStore store;
  private final List<SourceRunner> runners;
  private final List<Thread> threads = new ArrayList<>();
  private final Committer committer;
  private final ScheduledExecutorService scheduler;

  private Daemon(CounterStore store, List<SourceRunner> runners, Committer committer,
      ScheduledExecutorService scheduler) {
    this.store = store;
    this.runners = runners;
    this.committer = committer;
    this.scheduler = scheduler;
  }

  /**
   * Starts counting. {@code events} sees every counted event (any thread; must be thread-safe);
   * {@code published} sees every stat-file content written.
   */
  public static Daemon start(DaemonSettings s, EventSink events, Consumer<StatFileContent> published)
      throws IOException, StatFileException {
    return start(s, events, published, CatchUpProgress.NONE);
  }

  /** As {@link #start(DaemonSettings, EventSink, Consumer)}, reporting history-reading progress. */
  public static Daemon start(DaemonSettings s, EventSink events, Consumer<StatFileContent> published,
      CatchUpProgress progress) throws IOException, StatFileException {
    return start(s, events, published, progress, FailureHandler.EXIT);
  }

  /**
   * As {@link #start(DaemonSettings, EventSink, Consumer, CatchUpProgress)}; {@code failure} hears
   * of anything unexpected thrown while counting or committing (the other overloads end the
   * process: {@link FailureHandler#EXIT}).
   */
  public static Daemon start(DaemonSettings s, EventSink events, Consumer<StatFileContent> published,
      CatchUpProgress progress, FailureHandler failure) throws IOException, StatFileException {
    Set<String> ids = new LinkedHashSet<>();
    for (LogSource.Definition d : s.sources()) {
      ids.add(d.id());
    }
    CounterStore store = CounterStore.open(s.statFile(), s.stateDir(), s.ownership(), ids, s.classicStatFile());
    try {
      Checkpoint resume = store.resumePoint();
      HostRows hostRows = new HostRows(s.maxHosts(), resume.totalHosts().keySet());
      DetailLabels labels = new DetailLabels(DetailFamily.MAX_LABELS, resume.totalDetails().keySet());
      List<SourceRunner> runners = new ArrayList<>();
      for (LogSource.Definition d : s.sources()) {
        runners.add(new SourceRunner(d, s.ownership(), s.rules(), s.classifier(),
            resume.source(d.id()), store.isFirstStart(), events, progress, hostRows, labels));
      }
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mailstat-commit");
        t.setDaemon(true);
        return t;
      });
      Committer committer = new Committer(store, runners, published, failure);
      Daemon daemon = new Daemon(store, runners, committer, scheduler);
      for (SourceRunner r : runners) {
        Thread t = new Thread(() -> count(r, failure), "follow " + r.sourceId());
        t.setDaemon(true);
        daemon.threads.add(t);
        t.start();
      }
      daemon.awaitStartPositions();
      committer.commit(true);
      long every = s.commitInterval().toMillis();
      scheduler.scheduleWithFixedDelay(committer::commitReportingFailures, every, every, TimeUnit.MILLISECONDS);
      log.info("counting {} source(s) into {} ({} counters)", runners.size(), s.statFile(), s.ownership().id());
      return daemon;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static void count(SourceRunner runner, FailureHandler failure) {
    try {
      runner.runUntilStopped();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      failure.failed("counting " + runner.sourceId(), t);
    }
  }

  /**
   * Counts sources that end by themselves ({@link LogSource.Definition#fileOnce}) on the calling
   * thread, one after the other, and commits once at the end; the one-shot path of
   * {@code mailgraph -c}. Returns each source's status (a trouble means it could not be read).
   */
  public static List<SourceStatus> readOnce(DaemonSettings s, EventSink events)
      throws IOException, StatFileException {
    Set<String> ids = new LinkedHashSet<>();
    for (LogSource.Definition d : s.sources()) {
      ids.add(d.id());
    }
    try (CounterStore store = CounterStore.open(s.statFile(), s.stateDir(), s.ownership(), ids)) {
      Checkpoint resume = store.resumePoint();
      HostRows hostRows = new HostRows(s.maxHosts(), resume.totalHosts().keySet());
      DetailLabels labels = new DetailLabels(DetailFamily.MAX_LABELS, resume.totalDetails().keySet());
      List<SourceRunner> runners = new ArrayList<>();
      for (LogSource.Definition d : s.sources()) {
        SourceRunner runner = new SourceRunner(d, s.ownership(), s.rules(), s.classifier(),
            resume.source(d.id()), store.isFirstStart(), events, CatchUpProgress.NONE, hostRows, labels);
        runner.run();
        runners.add(runner);
      }
      Committer committer = new Committer(store, runners, content -> { }, FailureHandler.EXIT);
      committer.commit(true);
      if (committer.lastError() != null) {
        throw new IOException("cannot write counters: " + committer.lastError());
      }
      return statusOf(runners);
    }
  }

  /**
   * Waits briefly until every source has found its start position, so that the first commit
   * records where a first start began: a crash right after it then resumes there.
   */
  private void awaitStartPositions() {
    long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
    for (SourceRunner r : runners) {
      while (!r.started() && System.currentTimeMillis() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
    }
  }

  /** Per-source status for health reporting. */
  public List<SourceStatus> sources() {
    return statusOf(runners);
  }

  private static List<SourceStatus> statusOf(List<SourceRunner> runners) {
    List<SourceStatus> out = new ArrayList<>();
    for (SourceRunner r : runners) {
      SourceCheckpoint latest = r.latest();
      out.add(new SourceStatus(r.sourceId(), r.lastLineMillis(), r.trouble(), latest == null ? null : latest.position(),
          r.lastLogSecond()));
    }
    return out;
  }

  /** The sources' samples of mail lines no rule matched, merged. */
  public StatusFile.Unmatched unmatched() {
    return UnmatchedSampler.merged(runners.stream().map(SourceRunner::unmatched).toList());
  }

  public String commitError() {
    return committer.lastError();
  }

  /** When the last commit worked (epoch second; 0: none yet). */
  public long lastCommitSecond() {
    return committer.lastSuccessSecond();
  }

  /**
   * Per source, whether its thread is inside a call rather than waiting between polls (an open or
   * a read that does not return is how a hung source looks).
   */
  List<Boolean> sourceThreadsBusy() {
    List<Boolean> out = new ArrayList<>();
    for (Thread t : threads) {
      out.add(t.isAlive() && t.getState() == Thread.State.RUNNABLE);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    for (SourceRunner r : runners) {
      r.stop();
    }
    long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        log.warn("{} did not stop (blocked in I/O?); its last committed position stays", t.getName());
      }
    }
    scheduler.shutdown();
    committer.commitReportingFailures();
    store.close();
  }
}
