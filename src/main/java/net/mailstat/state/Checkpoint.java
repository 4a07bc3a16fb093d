package net.mailstat.state;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.LineCounts;

/**
 * An instance's durable state: a base (counts adopted from an existing stat file, or from sources
 * no longer configured) plus each source's counts and position. The instance's counters are the
 * base plus the sum over sources.
 */
public record Checkpoint(
    String instance,
    long writtenEpochSecond,
    CounterSnapshot base,
    LineCounts baseLines,
    Map<String, CounterSnapshot> baseHosts,
    List<SourceCheckpoint> sources) {

  public Checkpoint {
    baseHosts = Map.copyOf(baseHosts);
    sources = List.copyOf(sources);
  }

  public static Checkpoint empty(String instance) {
    return new Checkpoint(instance, 0, CounterSnapshot.zero(), LineCounts.ZERO, Map.of(), List.of());
  }

  public CounterSnapshot totals() {
    CounterSnapshot sum = base;
    for (SourceCheckpoint s : sources) {
      sum = sum.plus(s.counts());
    }
    return sum;
  }

  public LineCounts totalLines() {
    LineCounts sum = baseLines;
    for (SourceCheckpoint s : sources) {
      sum = sum.plus(s.lines());
    }
    return sum;
  }

  public Map<String, CounterSnapshot> totalHosts() {
    Map<String, CounterSnapshot> sum = new HashMap<>(baseHosts);
    for (SourceCheckpoint s : sources) {
      s.hosts().forEach((host, counts) -> sum.merge(host, counts, CounterSnapshot::plus));
    }
    return sum;
  }

  /** Folds sources not in {@code keep} into the base, so dropping a log never lowers a counter. */
  public Checkpoint retireSourcesOtherThan(java.util.Set<String> keep) {
    CounterSnapshot newBase = base;
    LineCounts newBaseLines = baseLines;
    Map<String, CounterSnapshot> newBaseHosts = new LinkedHashMap<>(baseHosts);
    List<SourceCheckpoint> kept = new java.util.ArrayList<>();
    for (SourceCheckpoint s : sources) {
      if (keep.contains(s.sourceId())) {
        kept.add(s);
      } else {
        newBase = newBase.plus(s.counts());
        newBaseLines = newBaseLines.plus(s.lines());
        s.hosts().forEach((h, c) -> newBaseHosts.merge(h, c, CounterSnapshot::plus));
      }
    }
    return new Checkpoint(instance, writtenEpochSecond, newBase, newBaseLines, newBaseHosts, kept);
  }

  public SourceCheckpoint source(String sourceId) {
    for (SourceCheckpoint s : sources) {
      if (s.sourceId().equals(sourceId)) {
        return s;
      }
    }
    return null;
  }
}
