package net.mailstat.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailCounts;
import net.mailstat.count.DetailKey;
import net.mailstat.count.LineCounts;

/**
 * An instance's durable state: a base (counts adopted from an existing stat file, or from sources
 * no longer configured) plus each source's counts and position. The instance's counters are the
 * base plus the sum over sources. {@code retired}: positions of sources no longer configured.
 * {@code baseDetails}: the base of the details (docs/details.md), kept the same way.
 */
public record Checkpoint(
    String instance,
    long writtenEpochSecond,
    CounterSnapshot base,
    LineCounts baseLines,
    Map<String, CounterSnapshot> baseHosts,
    List<SourceCheckpoint> sources,
    List<RetiredSource> retired,
    Map<DetailKey, Long> baseDetails) {

  /** How long the position of a source removed from the configuration is kept: 30 days. */
  public static final long RETIRED_POSITION_SECONDS = 30L * 24 * 3600;

  public Checkpoint {
    baseHosts = Map.copyOf(baseHosts);
    sources = List.copyOf(sources);
    retired = List.copyOf(retired);
    baseDetails = Map.copyOf(baseDetails);
  }

  /** A checkpoint without a base of details. */
  public Checkpoint(String instance, long writtenEpochSecond, CounterSnapshot base, LineCounts baseLines,
      Map<String, CounterSnapshot> baseHosts, List<SourceCheckpoint> sources, List<RetiredSource> retired) {
    this(instance, writtenEpochSecond, base, baseLines, baseHosts, sources, retired, Map.of());
  }

  /** A checkpoint without retired positions. */
  public Checkpoint(String instance, long writtenEpochSecond, CounterSnapshot base, LineCounts baseLines,
      Map<String, CounterSnapshot> baseHosts, List<SourceCheckpoint> sources) {
    this(instance, writtenEpochSecond, base, baseLines, baseHosts, sources, List.of());
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

  public Map<DetailKey, Long> totalDetails() {
    Map<DetailKey, Long> sum = baseDetails;
    for (SourceCheckpoint s : sources) {
      sum = DetailCounts.plus(sum, s.details());
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

  /**
   * The checkpoint for a start with the sources {@code configured}: a source no longer configured
   * has its counts folded into the base (dropping a log never lowers a counter) and its position
   * kept as retired; a retired source configured again resumes from its position with fresh counts
   * (the old ones are in the base already); a retired position older than
   * {@link #RETIRED_POSITION_SECONDS} is forgotten.
   */
  public Checkpoint forSources(Set<String> configured, long nowEpochSecond) {
    CounterSnapshot newBase = base;
    LineCounts newBaseLines = baseLines;
    Map<String, CounterSnapshot> newBaseHosts = new LinkedHashMap<>(baseHosts);
    Map<DetailKey, Long> newBaseDetails = baseDetails;
    List<SourceCheckpoint> kept = new ArrayList<>();
    List<RetiredSource> stillRetired = new ArrayList<>();
    for (SourceCheckpoint s : sources) {
      if (configured.contains(s.sourceId())) {
        kept.add(s);
      } else {
        newBase = newBase.plus(s.counts());
        newBaseLines = newBaseLines.plus(s.lines());
        s.hosts().forEach((h, c) -> newBaseHosts.merge(h, c, CounterSnapshot::plus));
        newBaseDetails = DetailCounts.plus(newBaseDetails, s.details());
        stillRetired.add(new RetiredSource(s.sourceId(), s.position(), nowEpochSecond));
      }
    }
    for (RetiredSource r : retired) {
      if (configured.contains(r.sourceId())) {
        kept.add(new SourceCheckpoint(r.sourceId(), r.position(), CounterSnapshot.zero(), LineCounts.ZERO,
            Map.of(), List.of()));
      } else if (nowEpochSecond - r.retiredEpochSecond() <= RETIRED_POSITION_SECONDS) {
        stillRetired.add(r);
      }
    }
    return new Checkpoint(instance, writtenEpochSecond, newBase, newBaseLines, newBaseHosts, kept, stillRetired,
        newBaseDetails);
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
