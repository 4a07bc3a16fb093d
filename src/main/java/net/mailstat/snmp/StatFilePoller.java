package net.mailstat.snmp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumMap;
import java.util.Objects;
import java.util.Optional;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.state.DetailsFile;
import net.mailstat.state.HostsFile;
import net.mailstat.state.UntrustedFileException;
import net.mailstat.state.StatLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the agent's values from the stat file and its side files {@code .hosts} and
 * {@code .details}: {@link #poll()} gives a new {@link AgentSnapshot} when one of them changed
 * (modification time, size or identity). {@link AgentFeed} calls it on its own thread.
 *
 * <p>A missing stat file reads as zeros, status statFileMissing, and extOutput what {@code cat}
 * would print. A damaged one keeps the last good values, status statFileDamaged, and is logged
 * once until it is good again. Host and detail rows keep their position for the life of the
 * poller, so table indexes never change while the agent runs. A detail count never goes down (a
 * torn or older side file cannot lower it), and a family keeps at most
 * {@link DetailFamily#MAX_LABELS} + 1 rows (its owner writes no more), so a forged side file
 * cannot grow the table without bound.
 */
public final class StatFilePoller {
  private static final Logger log = LoggerFactory.getLogger(StatFilePoller.class);

  private final Path statFile;
  private final Path hostsFile;
  private final Path detailsFile;
  private final String catCommand;
  private final Clock clock;
  private final long startEpochSecond;

  /** Accessed only by the thread calling {@link #poll()}. */
  private Object lastStamp;
  private Parsed lastGood;
  private boolean damagedLogged;
  private final LinkedHashMap<String, CounterSnapshot> hostRows = new LinkedHashMap<>();
  private final LinkedHashMap<DetailKey, Long> detailRows = new LinkedHashMap<>();
  private final EnumMap<DetailFamily, Integer> detailRowsPerFamily = new EnumMap<>(DetailFamily.class);
  private boolean tooManyDetailsLogged;

  /**
   * @param catCommand the program name cat would report errors under, e.g. {@code /bin/cat}
   */
  public StatFilePoller(Path statFile, String catCommand, Clock clock) {
    this.statFile = statFile;
    this.hostsFile = statFile.resolveSibling(statFile.getFileName() + ".hosts");
    this.detailsFile = statFile.resolveSibling(statFile.getFileName() + ".details");
    this.catCommand = catCommand;
    this.clock = clock;
    this.startEpochSecond = clock.instant().getEpochSecond();
  }

  public long startEpochSecond() {
    return startEpochSecond;
  }

  /** Reads the files now and returns the snapshot (without publishing it). */
  public synchronized AgentSnapshot read() {
    lastStamp = stamp();
    return build();
  }

  /** A new snapshot if the files changed since the last read; empty if unchanged. */
  public synchronized Optional<AgentSnapshot> poll() {
    Object stamp = stamp();
    if (Objects.equals(stamp, lastStamp)) {
      return Optional.empty();
    }
    lastStamp = stamp;
    return Optional.of(build());
  }

  private record Stamp(Object key, java.time.Instant modified, long size) {}

  private List<Stamp> stamp() {
    return List.of(stampOf(statFile), stampOf(hostsFile), stampOf(detailsFile));
  }

  private static Stamp stampOf(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.fileKey(), a.lastModifiedTime().toInstant(), a.size());
    } catch (IOException e) {
      return new Stamp(null, null, -1);
    }
  }

  /** A good reading of the stat file. */
  private record Parsed(String output, CounterSnapshot totals, Map<String, Long> fields, long modified) {}

  private AgentSnapshot build() {
    CatOutput cat;
    try {
      cat = CatOutput.readStatFile(statFile, catCommand);
    } catch (UntrustedFileException e) {
      return damaged(e.getMessage(), 0);
    }
    if (cat.exitCode() != 0) {
      return missing(cat.output());
    }
    String output = cat.output();
    long modified;
    try {
      modified = Files.getLastModifiedTime(statFile).toInstant().getEpochSecond();
    } catch (IOException e) {
      modified = 0;
    }
    int newline = output.indexOf('\n');
    String first = newline < 0 ? output : output.substring(0, newline);
    try {
      Map<String, Long> fields = StatLine.parseFields(first);
      lastGood = new Parsed(output, StatLine.counts(fields), fields, modified);
      if (damagedLogged) {
        log.info("stat file {} is readable again", statFile);
        damagedLogged = false;
      }
      return snapshot(lastGood, AgentSnapshot.InstanceStatus.RUNNING);
    } catch (IllegalArgumentException e) {
      return damaged("stat file " + statFile + " is damaged (" + e.getMessage() + ")", modified);
    }
  }

  /** The last good values (none: zeros), flagged damaged; {@code why} logged once until a good read. */
  private AgentSnapshot damaged(String why, long modified) {
    if (!damagedLogged) {
      log.warn("{}; serving the last good values", why);
      damagedLogged = true;
    }
    if (lastGood == null) {
      return snapshot(new Parsed("", CounterSnapshot.zero(), Map.of(), modified),
          AgentSnapshot.InstanceStatus.STAT_FILE_DAMAGED);
    }
    return snapshot(lastGood, AgentSnapshot.InstanceStatus.STAT_FILE_DAMAGED);
  }

  private AgentSnapshot missing(String catError) {
    AgentSnapshot.Health health = new AgentSnapshot.Health(0, 0,
        List.of(new AgentSnapshot.SourceRow(statFile.toString(), 0)),
        AgentSnapshot.InstanceStatus.STAT_FILE_MISSING, startEpochSecond);
    return new AgentSnapshot(catError, 1, CounterSnapshot.zero(), hosts(), health, details(),
        AgentSnapshot.QueueState.NOT_SAMPLED, List.of());
  }

  private AgentSnapshot snapshot(Parsed p, AgentSnapshot.InstanceStatus status) {
    AgentSnapshot.Health health = new AgentSnapshot.Health(
        sumOf(p.fields(), "lines"),
        sumOf(p.fields(), "unparsed"),
        List.of(new AgentSnapshot.SourceRow(statFile.toString(), p.modified())),
        status, startEpochSecond);
    return new AgentSnapshot(p.output(), 0, p.totals(), hosts(), health, details(),
        AgentSnapshot.QueueState.NOT_SAMPLED, List.of());
  }

  /** {@code lines} plus the per-instance {@code lines_mail}, {@code lines_virus} (docs/formats.md). */
  private static long sumOf(java.util.Map<String, Long> fields, String name) {
    long sum = 0;
    for (java.util.Map.Entry<String, Long> e : fields.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "_")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** Reads the side file {@code <stat-file>.hosts} (see state's HostsFile); rows keep their first position. */
  private List<AgentSnapshot.HostRow> hosts() {
    try {
      hostRows.putAll(HostsFile.readCounts(hostsFile));
    } catch (IOException e) {
      log.debug("cannot read {}: {}", hostsFile, e.getMessage());
    }
    return rows();
  }

  private List<AgentSnapshot.HostRow> rows() {
    List<AgentSnapshot.HostRow> rows = new ArrayList<>(hostRows.size());
    hostRows.forEach((host, counts) -> rows.add(new AgentSnapshot.HostRow(host, counts)));
    return rows;
  }

  /** Reads the side file {@code <stat-file>.details} (see state's DetailsFile) into the kept rows. */
  private List<AgentSnapshot.DetailRow> details() {
    try {
      DetailsFile.read(detailsFile).forEach(this::keepDetail);
    } catch (IOException e) {
      log.debug("cannot read {}: {}", detailsFile, e.getMessage());
    }
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
