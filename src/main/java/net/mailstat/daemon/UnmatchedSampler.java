package net.mailstat.daemon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.classify.UnmatchedShapes;
import net.mailstat.state.StatusFile;

/**
 * A running source's sample of the mail lines no rule matched, for {@code mailstat status}: every
 * line goes to {@link UnmatchedShapes} while the source reads at most {@link #LINES_PER_SECOND}
 * lines a second (a live mail server, whose lines are then all looked at), and only that many a
 * second beyond (a catch-up or a flood), so the look costs a bounded share of the counting thread.
 * Memory is bounded by {@link #SHAPES} shapes. Fed by the source's thread; {@link #report} may be
 * called from any thread (the shapes are shared under this object's lock, taken only for sampled
 * lines and reports).
 */
final class UnmatchedSampler {
  static final int LINES_PER_SECOND = 2000;
  static final int SHAPES = 256;
  static final int REPORTED = 20;

  /** What was looked at: lines read, lines sampled, of those unmatched, and the top shapes. */
  record Report(long lines, long sampled, long unmatched, List<UnmatchedShapes.Shape> top) {
    Report {
      top = List.copyOf(top);
    }
  }

  private final UnmatchedShapes shapes;
  private long lines;
  private volatile long linesAtBatchEnd;
  private long sampled;
  private long secondStarted = Long.MIN_VALUE;
  private int sampledThisSecond;

  UnmatchedSampler(UnmatchedShapes shapes) {
    this.shapes = shapes;
  }

  /** One line read at {@code nowMillis}; the source's thread. */
  void line(byte[] buf, int start, int end, long nowMillis) {
    lines++;
    long second = nowMillis / 1000;
    if (second != secondStarted) {
      secondStarted = second;
      sampledThisSecond = 0;
    }
    if (sampledThisSecond >= LINES_PER_SECOND) {
      return;
    }
    sampledThisSecond++;
    synchronized (this) {
      sampled++;
      shapes.line(buf, start, end);
    }
  }

  /** The source delivered a batch; the source's thread. */
  void batchEnded() {
    linesAtBatchEnd = lines;
  }

  /** The counts and top shapes so far; any thread. */
  synchronized Report report() {
    return new Report(Math.max(linesAtBatchEnd, sampled), sampled, shapes.unmatchedLines(), shapes.top(REPORTED));
  }

  /** Several sources' reports as one: counts summed, shapes summed by shape, the most frequent first. */
  static StatusFile.Unmatched merged(List<Report> reports) {
    long lines = 0;
    long sampled = 0;
    long unmatched = 0;
    Map<String, StatusFile.UnmatchedShape> byShape = new LinkedHashMap<>();
    for (Report report : reports) {
      lines += report.lines();
      sampled += report.sampled();
      unmatched += report.unmatched();
      for (UnmatchedShapes.Shape s : report.top()) {
        byShape.merge(s.shape(), new StatusFile.UnmatchedShape(s.count(), s.overCount(), s.shape(), s.example()),
            (a, b) -> new StatusFile.UnmatchedShape(a.count() + b.count(), a.overCount() + b.overCount(), a.shape(),
                a.example()));
      }
    }
    List<StatusFile.UnmatchedShape> top = new ArrayList<>(byShape.values());
    top.sort(Comparator.comparingLong(StatusFile.UnmatchedShape::count).reversed()
        .thenComparing(StatusFile.UnmatchedShape::shape));
    return new StatusFile.Unmatched(lines, sampled, unmatched, top.subList(0, Math.min(REPORTED, top.size())));
  }
}
