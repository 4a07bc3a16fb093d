package net.mailstat.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import net.mailstat.count.LineCounts;
import net.mailstat.count.Saturating;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable counters of one instance: checkpoint plus its share of the stat file.
 *
 * <p>A commit writes the checkpoint first and publishes the stat file second. The checkpoint is
 * the truth about this instance's counters; the stat file only shows them. A crash between the two
 * leaves the stat file behind the checkpoint, and the next commit catches it up: counters never go
 * down and no line is counted twice. On start the instance adopts any own field of the stat file
 * that is higher than its checkpoint (a first start on an existing file, or a hand edit upwards),
 * so it never starts from zero and never lowers a published counter.
 */
public final class CounterStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CounterStore.class);

  private final Ownership ownership;
  private final FieldOwnershipLock ownershipLock;
  private final CheckpointStore checkpoints;
  private final StatFileWriter writer;
  private final String instance;
  private final boolean firstStart;
  private final Checkpoint base;

  private final ClassicStatFile classic;

  private CounterStore(Ownership ownership, FieldOwnershipLock lock, CheckpointStore checkpoints,
      StatFileWriter writer, String instance, Checkpoint base, boolean firstStart, ClassicStatFile classic) {
    this.classic = classic;
    this.firstStart = firstStart;
    this.ownership = ownership;
    this.ownershipLock = lock;
    this.checkpoints = checkpoints;
    this.writer = writer;
    this.instance = instance;
    this.base = base;
  }

  /** Claims this instance's counters, loads its checkpoint and reconciles it with the stat file. */
  public static CounterStore open(Path statFile, Path stateDir, Ownership ownership, Set<String> sourceIds)
      throws IOException, StatFileException {
    return open(statFile, stateDir, ownership, sourceIds, null);
  }

  /**
   * As {@link #open(Path, Path, Ownership, Set)}; every commit also publishes the stat line to
   * {@code classicFile} (e.g. {@code /var/tmp/mailstat}) if it is not null.
   */
  public static CounterStore open(Path statFile, Path stateDir, Ownership ownership, Set<String> sourceIds,
      Path classicFile) throws IOException, StatFileException {
    try {
      return openTrusted(statFile, stateDir, ownership, sourceIds, classicFile);
    } catch (UntrustedFileException e) {
      throw new StatFileException(e.getMessage());
    }
  }

  private static CounterStore openTrusted(Path statFile, Path stateDir, Ownership ownership,
      Set<String> sourceIds, Path classicFile) throws IOException, StatFileException {
    Files.createDirectories(stateDir);
    Path parent = statFile.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new StatFileException("directory of stat file " + statFile + " does not exist");
    }
    new StatFileFamily(statFile).checkTrusted();
    FieldOwnershipLock lock = FieldOwnershipLock.claim(statFile, ownership);
    try {
      String instance = statFile.getFileName() + "." + ownership.id();
      CheckpointStore checkpoints = new CheckpointStore(stateDir, instance);
      Optional<Checkpoint> loaded = checkpoints.load();
      Checkpoint cp = loaded.orElse(Checkpoint.empty(instance)).forSources(sourceIds, System.currentTimeMillis() / 1000);
      StatFileWriter writer = new StatFileWriter(statFile, ownership);
      Optional<StatFileContent> published = writer.readUnderLock();
      StatFileFamily family = new StatFileFamily(statFile);
      Checkpoint reconciled = adoptHigherPublishedDetails(adoptHigherPublished(cp, published, ownership, statFile,
          HostsFile.readCounts(family.hosts())), ownership, DetailsFile.read(family.details()));
      return new CounterStore(ownership, lock, checkpoints, writer, instance, reconciled, loaded.isEmpty(),
          classicFile == null ? null : new ClassicStatFile(classicFile));
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Checkpoint adoptHigherPublished(Checkpoint cp, Optional<StatFileContent> published,
      Ownership ownership, Path statFile, Map<String, CounterSnapshot> publishedHosts) {
    if (published.isEmpty()) {
      return cp;
    }
    CounterSnapshot totals = cp.totals();
    CounterSnapshot file = published.get().counts();
    CounterSnapshot newBase = cp.base();
    for (Category c : Category.all()) {
      long diff = file.get(c) - totals.get(c);
      if (ownership.owns(c) && diff > 0) {
        newBase = newBase.with(c, Saturating.add(newBase.get(c), diff));
        if (cp.sources().isEmpty() && totals.get(c) == 0) {
          log.info("{}: starting {} at {} from the existing stat file", statFile, c.key(), file.get(c));
        } else {
          log.warn("{}: {} is {} in the stat file but {} in the checkpoint; keeping the higher value",
              statFile, c.key(), file.get(c), totals.get(c));
        }
      }
    }
    Map<String, CounterSnapshot> hostTotals = cp.totalHosts();
    Map<String, CounterSnapshot> newBaseHosts = new HashMap<>(cp.baseHosts());
    publishedHosts.forEach((host, counts) -> {
      CounterSnapshot mine = hostTotals.getOrDefault(host, CounterSnapshot.zero());
      CounterSnapshot hostBase = newBaseHosts.getOrDefault(host, CounterSnapshot.zero());
      for (Category c : Category.all()) {
        long diff = counts.get(c) - mine.get(c);
        if (ownership.owns(c) && diff > 0) {
          hostBase = hostBase.with(c, Saturating.add(hostBase.get(c), diff));
        }
      }
      newBaseHosts.put(host, hostBase);
    });
    return new Checkpoint(cp.instance(), cp.writtenEpochSecond(), newBase, cp.baseLines(), newBaseHosts,
        cp.sources(), cp.retired(), cp.baseDetails());
  }

  /** As for the counters: an own detail the side file shows higher than the checkpoint is adopted. */
  private static Checkpoint adoptHigherPublishedDetails(Checkpoint cp, Ownership ownership,
      Map<DetailKey, Long> published) {
    Map<DetailKey, Long> totals = cp.totalDetails();
    Map<DetailKey, Long> newBase = new TreeMap<>(cp.baseDetails());
    published.forEach((key, n) -> {
      long diff = n - totals.getOrDefault(key, 0L);
      if (ownership.owns(key.family().owner()) && diff > 0) {
        newBase.merge(key, diff, Saturating::add);
      }
    });
    return new Checkpoint(cp.instance(), cp.writtenEpochSecond(), cp.base(), cp.baseLines(), cp.baseHosts(),
        cp.sources(), cp.retired(), newBase);
  }

  /** The state to resume from: base and each source's saved counts and position. */
  public Checkpoint resumePoint() {
    return base;
  }

  /** True if this instance has no checkpoint yet: it has never counted anything. */
  public boolean isFirstStart() {
    return firstStart;
  }

  public Ownership ownership() {
    return ownership;
  }

  public Path checkpointFile() {
    return checkpoints.path();
  }

  /** Durably records {@code sources} (checkpoint, fsync) and then publishes the stat file. */
  public synchronized StatFileContent commit(List<SourceCheckpoint> sources, long nowEpochSecond)
      throws IOException {
    Checkpoint cp = new Checkpoint(instance, nowEpochSecond, base.base(), base.baseLines(), base.baseHosts(),
        sources, base.retired(), base.baseDetails());
    checkpoints.save(cp);
    LineCounts lines = cp.totalLines();
    return writer.publish(cp.totals(), writer.extraFields(lines.lines(), lines.unparsed()), cp.totalHosts(),
        cp.totalDetails(), classic == null ? line -> { } : classic::publish);
  }

  /**
   * The stat file family as it is now, if another instance wrote to it since this one last
   * committed or re-read it (see {@link StatFileWriter#rereadIfChanged}); empty otherwise.
   */
  public synchronized Optional<StatFileContent> rereadIfChanged() throws IOException {
    return writer.rereadIfChanged();
  }

  @Override
  public void close() throws IOException {
    ownershipLock.close();
  }
}
