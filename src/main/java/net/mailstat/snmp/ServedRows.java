package net.mailstat.snmp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a reading of the stat file family (from the files, {@link StatFilePoller}, or from the
 * process's own commits, {@link CommittedCounts}) into the next {@link AgentSnapshot}, keeping the
 * promises the agent makes across snapshots: host and detail rows keep the position they first got
 * (table indexes never change while the agent runs), a detail count never goes down (a torn or
 * older side file cannot lower it), and a family keeps at most {@link DetailFamily#MAX_LABELS} + 1
 * rows (its owner writes no more), so a forged side file cannot grow the table without bound.
 * Used by one thread at a time.
 */
final class ServedRows {
  private static final Logger log = LoggerFactory.getLogger(ServedRows.class);

  private final Path detailsFile;
  private final long startEpochSecond;
  private final LinkedHashMap<String, CounterSnapshot> hostRows = new LinkedHashMap<>();
  private final LinkedHashMap<DetailKey, Long> detailRows = new LinkedHashMap<>();
  private final EnumMap<DetailFamily, Integer> detailRowsPerFamily = new EnumMap<>(DetailFamily.class);
  private boolean tooManyDetailsLogged;

  /** @param detailsFile the side file the details come from (named in the warning about too many labels) */
  ServedRows(Path detailsFile, long startEpochSecond) {
    this.detailsFile = detailsFile;
    this.startEpochSecond = startEpochSecond;
  }

  long startEpochSecond() {
    return startEpochSecond;
  }

  /**
   * The snapshot of a stat file whose text {@code cat} prints as {@code output} (exit status 0) and
   * whose first line has {@code fields}, with these side-file rows.
   */
  AgentSnapshot snapshot(String output, Map<String, Long> fields, Map<String, CounterSnapshot> hosts,
      Map<DetailKey, Long> details, AgentSnapshot.SourceRow source, AgentSnapshot.InstanceStatus status) {
    AgentSnapshot.Health health = new AgentSnapshot.Health(sumOf(fields, "lines"), sumOf(fields, "unparsed"),
        List.of(source), status, startEpochSecond);
    return new AgentSnapshot(output, 0, net.mailstat.state.StatLine.counts(fields), hosts(hosts), health,
        details(details), AgentSnapshot.QueueState.NOT_SAMPLED, List.of());
  }

  /** The snapshot of a stat file that is not there: zeros, and {@code catError} as cat's output (exit status 1). */
  AgentSnapshot missing(String catError, Map<String, CounterSnapshot> hosts, Map<DetailKey, Long> details,
      AgentSnapshot.SourceRow source) {
    AgentSnapshot.Health health = new AgentSnapshot.Health(0, 0, List.of(source),
        AgentSnapshot.InstanceStatus.STAT_FILE_MISSING, startEpochSecond);
    return new AgentSnapshot(catError, 1, CounterSnapshot.zero(), hosts(hosts), health, details(details),
        AgentSnapshot.QueueState.NOT_SAMPLED, List.of());
  }

  /** {@code lines} plus the per-instance {@code lines_mail}, {@code lines_virus} (docs/formats.md). */
  private static long sumOf(Map<String, Long> fields, String name) {
    long sum = 0;
    for (Map.Entry<String, Long> e : fields.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "_")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private List<AgentSnapshot.HostRow> hosts(Map<String, CounterSnapshot> read) {
    hostRows.putAll(read);
    List<AgentSnapshot.HostRow> rows = new ArrayList<>(hostRows.size());
    hostRows.forEach((host, counts) -> rows.add(new AgentSnapshot.HostRow(host, counts)));
    return rows;
  }

  private List<AgentSnapshot.DetailRow> details(Map<DetailKey, Long> read) {
    read.forEach(this::keepDetail);
    List<AgentSnapshot.DetailRow> rows = new ArrayList<>(detailRows.size());
    detailRows.forEach((key, n) -> rows.add(new AgentSnapshot.DetailRow(key, n)));
    return rows;
  }

  private void keepDetail(DetailKey key, long n) {
    Long kept = detailRows.get(key);
    if (kept != null) {
      detailRows.put(key, Math.max(kept, n));
      return;
    }
    int rows = detailRowsPerFamily.getOrDefault(key.family(), 0);
    if (rows > DetailFamily.MAX_LABELS) {
      if (!tooManyDetailsLogged) {
        log.warn("{} holds more than {} labels of family {}; the rest are not served", detailsFile,
            DetailFamily.MAX_LABELS + 1, key.family().key());
        tooManyDetailsLogged = true;
      }
      return;
    }
    detailRowsPerFamily.put(key.family(), rows + 1);
    detailRows.put(key, n);
  }
}
