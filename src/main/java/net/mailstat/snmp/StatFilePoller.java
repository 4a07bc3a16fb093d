package net.mailstat.snmp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import net.mailstat.state.DetailsFile;
import net.mailstat.state.HostsFile;
import net.mailstat.state.StatFileFamily;
import net.mailstat.state.UntrustedFileException;
import net.mailstat.state.StatLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the agent's values from the stat file and its side files {@code .hosts} and
 * {@code .details}: {@link #poll()} gives a new {@link AgentSnapshot} when one of them changed
 * (modification time, size or identity). {@link AgentFeed} calls it on its own thread; this is
 * how {@code mailstat agent}, a process of its own, learns what the counting processes wrote
 * (inside {@code mailstat run} the agent reads {@link CommittedCounts} instead).
 *
 * <p>A missing stat file reads as zeros, status statFileMissing, and extOutput what {@code cat}
 * would print. A damaged one keeps the last good values, status statFileDamaged, and is logged
 * once until it is good again. Rows keep their position and details never go down
 * ({@link ServedRows}).
 */
public final class StatFilePoller implements AgentFeed.Counts {
  private static final Logger log = LoggerFactory.getLogger(StatFilePoller.class);

  private final Path statFile;
  private final StatFileFamily family;
  private final String catCommand;

  /** Accessed only by the thread calling {@link #poll()}. */
  private Object lastStamp;
  private Parsed lastGood;
  private boolean damagedLogged;
  private final ServedRows rows;

  /**
   * @param catCommand the program name cat would report errors under, e.g. {@code /bin/cat}
   */
  public StatFilePoller(Path statFile, String catCommand, Clock clock) {
    this.statFile = statFile;
    this.family = new StatFileFamily(statFile);
    this.catCommand = catCommand;
    this.rows = new ServedRows(family.details(), clock.instant().getEpochSecond());
  }

  public long startEpochSecond() {
    return rows.startEpochSecond();
  }

  /** Reads the files now and returns the snapshot (without publishing it). */
  @Override
  public synchronized AgentSnapshot read() {
    lastStamp = family.stamp();
    return build();
  }

  /** A new snapshot if the files changed since the last read; empty if unchanged. */
  @Override
  public synchronized Optional<AgentSnapshot> poll() {
    Object stamp = family.stamp();
    if (Objects.equals(stamp, lastStamp)) {
      return Optional.empty();
    }
    lastStamp = stamp;
    return Optional.of(build());
  }

  /** A good reading of the stat file. */
  private record Parsed(String output, Map<String, Long> fields, long modified) {}

  private AgentSnapshot build() {
    CatOutput cat;
    try {
      cat = CatOutput.readStatFile(statFile, catCommand);
    } catch (UntrustedFileException e) {
      return damaged(e.getMessage(), 0);
    }
    if (cat.exitCode() != 0) {
      return rows.missing(cat.output(), hosts(), details(), new AgentSnapshot.SourceRow(statFile.toString(), 0));
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
      lastGood = new Parsed(output, StatLine.parseFields(first), modified);
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
    Parsed p = lastGood == null ? new Parsed("", Map.of(), modified) : lastGood;
    return snapshot(p, AgentSnapshot.InstanceStatus.STAT_FILE_DAMAGED);
  }

  private AgentSnapshot snapshot(Parsed p, AgentSnapshot.InstanceStatus status) {
    return rows.snapshot(p.output(), p.fields(), hosts(), details(),
        new AgentSnapshot.SourceRow(statFile.toString(), p.modified()), status);
  }

  /** The side file {@code <stat-file>.hosts} (see state's HostsFile); unreadable: no rows. */
  private Map<String, CounterSnapshot> hosts() {
    try {
      return HostsFile.readCounts(family.hosts());
    } catch (IOException e) {
      log.debug("cannot read {}: {}", family.hosts(), e.getMessage());
      return Map.of();
    }
  }

  /** The side file {@code <stat-file>.details} (see state's DetailsFile); unreadable: no rows. */
  private Map<DetailKey, Long> details() {
    try {
      return DetailsFile.read(family.details());
    } catch (IOException e) {
      log.debug("cannot read {}: {}", family.details(), e.getMessage());
      return Map.of();
    }
  }
}
