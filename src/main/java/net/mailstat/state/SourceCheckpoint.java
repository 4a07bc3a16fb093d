package net.mailstat.state;

import java.util.List;
import java.util.Map;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import net.mailstat.count.LineCounts;
import net.mailstat.line.SourcePosition;

/**
 * One source's share of an instance's counts, and where in the source they were counted up to.
 * Counts and position always travel together: that is what makes a resume exact. {@code lookahead}
 * is the classifier's state at that position (held receptions), as opaque text lines;
 * {@code details} the statistics past the nine counters (docs/details.md), counted the same way.
 */
public record SourceCheckpoint(
    String sourceId,
    SourcePosition position,
    CounterSnapshot counts,
    LineCounts lines,
    Map<String, CounterSnapshot> hosts,
    List<String> lookahead,
    Map<DetailKey, Long> details) {
  public SourceCheckpoint {
    hosts = Map.copyOf(hosts);
    lookahead = List.copyOf(lookahead);
    details = Map.copyOf(details);
  }

  /** A checkpoint without details. */
  public SourceCheckpoint(String sourceId, SourcePosition position, CounterSnapshot counts, LineCounts lines,
      Map<String, CounterSnapshot> hosts, List<String> lookahead) {
    this(sourceId, position, counts, lines, hosts, lookahead, Map.of());
  }
}
