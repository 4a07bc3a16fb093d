package net.mailstat.daemon;

import java.util.HashMap;
import java.util.Map;
import net.mailstat.classify.Classifier;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.HeldReceptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.classify.UnmatchedShapes;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.Counters;
import net.mailstat.count.EventSink;
import net.mailstat.count.LineCounts;
import net.mailstat.line.SourcePosition;
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
 */
final class SourceRunner implements FollowListener, EventSink {
  private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);

  private final String sourceId;
  private final Ownership ownership;
  private final Classifier classifier;
  private final UnmatchedSampler unmatched;
  private final LogSource source;
  private final EventSink tap;
  private final CatchUpProgress progress;
  private final Counters counters;
  private final LineCounts startLines;
  private final Map<String, Counters> hosts = new HashMap<>();
  private volatile SourceCheckpoint published;
  private volatile long lastLineMillis;
  private volatile long lastLogSecond;
  private volatile String trouble;

  SourceRunner(LogSource.Definition definition, Ownership ownership, RuleSet rules, ClassifierOptions options,
      SourceCheckpoint saved, boolean firstStart, EventSink tap, CatchUpProgress progress) {
    this.progress = progress;
    this.sourceId = definition.id();
    this.ownership = ownership;
    this.tap = tap;
    this.classifier = new Classifier(rules, options, this);
    this.unmatched = new UnmatchedSampler(new UnmatchedShapes(rules, options, UnmatchedSampler.SHAPES));
    this.counters = saved == null ? new Counters() : new Counters(saved.counts());
    this.startLines = saved == null ? LineCounts.ZERO : saved.lines();
    if (saved != null) {
      saved.hosts().forEach((h, c) -> hosts.put(h, new Counters(c)));
      classifier.restoreHeldReceptions(HeldReceptions.fromLines(saved.lookahead()));
    }
    this.source = definition.factory().create(saved == null ? null : saved.position(), firstStart, this);
    this.published = saved;
  }

  String sourceId() {
    return sourceId;
  }

  void run() {
    source.run();
  }

  void stop() {
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
    counters.add(category, n);
    hosts.computeIfAbsent(syslogHost, h -> new Counters()).add(category, n);
    tap.count(category, epochSecond, syslogHost, n);
  }

  @Override
  public void reached(SourcePosition position) {
    trouble = null;
    unmatched.batchEnded();
    lastLogSecond = classifier.lastEpochSecond();
    Map<String, CounterSnapshot> hostCounts = new HashMap<>();
    hosts.forEach((h, c) -> hostCounts.put(h, c.snapshot()));
    published = new SourceCheckpoint(sourceId, position, counters.snapshot(),
        startLines.plus(classifier.lineCounts()), hostCounts, classifier.heldReceptions().toLines());
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
