package net.mailstat.snmp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.HostsFile;
import net.mailstat.state.UntrustedFileException;
import net.mailstat.state.StatLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the agent from the stat file when it runs alone ({@code mailstat agent}): on its own
 * thread, checks the stat file and its {@code .hosts} side file every interval and publishes a new
 * {@link AgentSnapshot} when either changed (modification time, size or identity).
 *
 * <p>A missing stat file reads as zeros, status statFileMissing, and extOutput what {@code cat}
 * would print. A damaged one keeps the last good values, status statFileDamaged, and is logged
 * once until it is good again. Host rows keep their position for the life of the poller, so
 * table indexes never change while the agent runs.
 */
public final class StatFilePoller {
  private static final Logger log = LoggerFactory.getLogger(StatFilePoller.class);

  private final Path statFile;
  private final Path hostsFile;
  private final String catCommand;
  private final Consumer<AgentSnapshot> sink;
  private final Clock clock;
  private final long startEpochSecond;

  /** Accessed only by the thread calling {@link #poll()}. */
  private Object lastStamp;
  private Parsed lastGood;
  private boolean damagedLogged;
  private final LinkedHashMap<String, CounterSnapshot> hostRows = new LinkedHashMap<>();

  private ScheduledExecutorService scheduler;

  /**
   * @param catCommand the program name cat would report errors under, e.g. {@code /bin/cat}
   */
  public StatFilePoller(Path statFile, String catCommand, Consumer<AgentSnapshot> sink, Clock clock) {
    this.statFile = statFile;
    this.hostsFile = statFile.resolveSibling(statFile.getFileName() + ".hosts");
    this.catCommand = catCommand;
    this.sink = sink;
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

  /** Publishes a new snapshot if the files changed since the last read; false if unchanged. */
  public synchronized boolean poll() {
    Object stamp = stamp();
    if (Objects.equals(stamp, lastStamp)) {
      return false;
    }
    lastStamp = stamp;
    sink.accept(build());
    return true;
  }

  public synchronized void start(Duration interval) {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stat-file-poll");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::pollLogged, millis, millis, TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private void pollLogged() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.error("polling {} failed", statFile, e);
    }
  }

  private record Stamp(Object key, java.time.Instant modified, long size) {}

  private List<Stamp> stamp() {
    return List.of(stampOf(statFile), stampOf(hostsFile));
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
    return new AgentSnapshot(catError, 1, CounterSnapshot.zero(), hosts(), health);
  }

  private AgentSnapshot snapshot(Parsed p, AgentSnapshot.InstanceStatus status) {
    AgentSnapshot.Health health = new AgentSnapshot.Health(
        sumOf(p.fields(), "lines"),
        sumOf(p.fields(), "unparsed"),
        List.of(new AgentSnapshot.SourceRow(statFile.toString(), p.modified())),
        status, startEpochSecond);
    return new AgentSnapshot(p.output(), 0, p.totals(), hosts(), health);
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
}
