package net.mailstat.daemon;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.mailstat.classify.Classifier;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.HeldReceptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.classify.UnmatchedShapes;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.Counters;
import net.mailstat.count.DetailCounts;
import net.mailstat.count.DetailKey;
import net.mailstat.count.EventSink;
import net.mailstat.count.LineCounts;
import net.mailstat.line.SourcePosition;
import net.mailstat.source.Backoff;
import net.mailstat.source.FollowListener;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;
import net.mailstat.state.SourceCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One followed log on its own thread: lines go through a {@link Classifier} into this source's
 * counters, and after each batch the counters and the position are published together as one
 * immutable {@link SourceCheckpoint} for the committer. Nothing else touches the counters.
 *
 * <p>A source that ends by itself while it should still run ({@link #runUntilStopped()}) is
 * reported as trouble and created again after a pause that doubles while it keeps ending (1 s up
 * to 1 min): counters, classifier and position are first set back to the last published
 * checkpoint, as a process restart would, so the lines read again are not counted twice. (Events
 * already handed to the history tap for those lines are handed to it again.)
 */
final class SourceRunner implements FollowListener, EventSink {
  private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);

  static final long RESTART_FIRST_MILLIS = 1000;
  static final long RESTART_MAX_MILLIS = 60_000;

  private final String sourceId;
  private final Ownership ownership;
  private final RuleSet rules;
  private final ClassifierOptions options;
  private final LogSource.Factory factory;
  private final boolean firstStart;
  private final UnmatchedSampler unmatched;
  private final EventSink tap;
  private final CatchUpProgress progress;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final HostRows hostRows;
  private final DetailLabels detailLabels;
  private final Map<String, Counters> hosts = new HashMap<>();
  /** The last host asked about and its row: consecutive lines mostly come from one host. */
  private String lastHost;
  private String lastRow;
  private Classifier classifier;
  private Counters counters;
  private DetailCounts details;
  private LineCounts startLines;
  private volatile LogSource source;
  private volatile SourceCheckpoint published;
  /** The position of the last report: a checkpoint published while caught up stays there. */
  private SourcePosition lastPosition;
  private volatile long lastLineMillis;
  private volatile long lastLogSecond;
  private volatile String trouble;

  SourceRunner(LogSource.Definition definition, Ownership ownership, RuleSet rules, ClassifierOptions options,
      SourceCheckpoint saved, boolean firstStart, EventSink tap, CatchUpProgress progress, HostRows hostRows,
      DetailLabels detailLabels) {
    this.progress = progress;
    this.hostRows = hostRows;
    this.detailLabels = detailLabels;
    this.sourceId = definition.id();
    this.ownership = ownership;
    this.tap = tap;
    this.rules = rules;
    this.options = options;
    this.factory = definition.factory();
    this.firstStart = firstStart;
    this.unmatched = new UnmatchedSampler(new UnmatchedShapes(rules, options, UnmatchedSampler.SHAPES));
    restore(saved);
    this.source = factory.create(saved == null ? null : saved.position(), firstStart, this);
    this.published = saved;
  }

  /** Sets counters and classifier to {@code saved} (null: nothing counted yet). */
  private void restore(SourceCheckpoint saved) {
    lastPosition = null;
    classifier = new Classifier(rules, options, this);
    counters = saved == null ? new Counters() : new Counters(saved.counts());
    details = saved == null ? new DetailCounts() : new DetailCounts(saved.details());
    startLines = saved == null ? LineCounts.ZERO : saved.lines();
    hosts.clear();
    if (saved != null) {
      saved.hosts().forEach((h, c) -> hosts.put(h, new Counters(c)));
      classifier.restoreHeldReceptions(HeldReceptions.fromLines(saved.lookahead()));
    }
  }

  String sourceId() {
    return sourceId;
  }

  /** Runs the source once; for sources that end by themselves (a one-shot read). */
  void run() {
    source.run();
  }

  /** Runs the source until {@link #stop()}, creating it again whenever it ends before that. */
  void runUntilStopped() throws InterruptedException {
    Backoff restarts = new Backoff(RESTART_FIRST_MILLIS, RESTART_MAX_MILLIS);
    // stop() counts down and then stops the source it sees; a source created meanwhile sees the count here
    while (stopped.getCount() > 0) {
      long startedMillis = System.currentTimeMillis();
      source.run();
      if (stopped.getCount() == 0) {
        return;
      }
      long now = System.currentTimeMillis();
      if (now - startedMillis > RESTART_MAX_MILLIS) {
        restarts.succeeded(); // it ran for a while: this is a new failure, not the same one again
      }
      long pause = restarts.failed(now);
      trouble(sourceId + " ended unexpectedly; starting it again in " + pause + " ms");
      if (stopped.await(pause, TimeUnit.MILLISECONDS)) {
        return;
      }
      SourceCheckpoint last = published;
      restore(last);
      source = factory.create(last == null ? null : last.position(), last == null && firstStart, this);
    }
  }

  void stop() {
    stopped.countDown();
    source.stop();
  }

  /** The latest counts-with-position, or null before the source has been opened. */
  SourceCheckpoint latest() {
    return published;
  }

  /** Log time of the last line read (0 before any). */
  long lastLogSecond() {
    return lastLogSecond;
  }

  long lastLineMillis() {
    return lastLineMillis;
  }

  /** True once the source has either reported a position or a trouble. */
  boolean started() {
    return published != null || trouble != null;
  }

  String trouble() {
    return trouble;
  }

  /** The sample of lines no rule matched; any thread. */
  UnmatchedSampler.Report unmatched() {
    return unmatched.report();
  }

  @Override
  public void line(byte[] buf, int start, int end) {
    classifier.line(buf, start, end);
    long now = System.currentTimeMillis();
    unmatched.line(buf, start, end, now);
    lastLineMillis = now;
  }

  @Override
  public void overlongLine() {
    classifier.overlongLine();
  }

  @Override
  public void count(Category category, long epochSecond, String syslogHost, long n) {
    if (!ownership.owns(category)) {
      return;
    }
    if (syslogHost != lastHost) {
      lastRow = hostRows.rowOf(syslogHost);
      lastHost = syslogHost;
    }
    String row = lastRow;
    counters.add(category, n);
    hosts.computeIfAbsent(row, h -> new Counters()).add(category, n);
    tap.count(category, epochSecond, row, n);
  }

  @Override
  public void detail(DetailKey key, long epochSecond, String syslogHost, long n) {
    if (ownership.owns(key.family().owner())) {
      DetailKey bounded = detailLabels.bounded(key);
      details.add(bounded, n);
      tap.detail(bounded, epochSecond, syslogHost, n);
    }
  }

  /** Held receptions the quiet log no longer keeps back are counted, and published at once. */
  @Override
  public void caughtUp() {
    if (classifier.caughtUp(System.nanoTime() / 1_000_000) > 0 && lastPosition != null) {
      reached(lastPosition);
    }
  }

  @Override
  public void reached(SourcePosition position) {
    lastPosition = position;
    trouble = null;
    unmatched.batchEnded();
    lastLogSecond = classifier.lastEpochSecond();
    Map<String, CounterSnapshot> hostCounts = new HashMap<>();
    hosts.forEach((h, c) -> hostCounts.put(h, c.snapshot()));
    published = new SourceCheckpoint(sourceId, position, counters.snapshot(),
        startLines.plus(classifier.lineCounts()), hostCounts, classifier.heldReceptions().toLines(),
        details.snapshot());
  }

  @Override
  public void catchUpProgress(long done, long total) {
    progress.progress(sourceId, done, total);
  }

  @Override
  public void trouble(String why) {
    trouble = why;
    log.warn("{}", why);
  }
}
