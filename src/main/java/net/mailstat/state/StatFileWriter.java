package net.mailstat.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one instance's counters into a stat file shared with other instances. Under an
 * exclusive lock on {@code STATFILE.lock} it reads the file, replaces only the fields this
 * instance owns, and atomically replaces the file, so other instances' fields are kept exactly
 * and readers never see a partial file. The last good content is also kept in
 * {@code STATFILE.good}: a damaged stat file is moved aside and the other instances' fields are
 * taken from there, never from zero. Per-host counts go the same way into {@code STATFILE.hosts},
 * details (docs/details.md) into {@code STATFILE.details}.
 */
public final class StatFileWriter {
  private static final Logger log = LoggerFactory.getLogger(StatFileWriter.class);
  private static final long LOCK_TIMEOUT_MILLIS = 10_000;

  private final Path statFile;
  private final Path lockFile;
  private final Path goodFile;
  private final Path hostsFile;
  private final Path detailsFile;
  private final Ownership ownership;

  private final StatFileFamily family;
  /** The family's stamp after this writer's last write or re-read; one caller at a time (CounterStore's lock). */
  private Object seen;

  public StatFileWriter(Path statFile, Ownership ownership) {
    this.statFile = statFile;
    this.family = new StatFileFamily(statFile);
    this.lockFile = family.lock();
    this.goodFile = family.good();
    this.hostsFile = family.hosts();
    this.detailsFile = family.details();
    this.ownership = ownership;
  }

  public Path statFile() {
    return statFile;
  }

  /** Fields of this instance that are not categories: {@code lines}, {@code unparsed}. */
  public Map<String, Long> extraFields(long lines, long unparsed) {
    String suffix = ownership == Ownership.ALL ? "" : "_" + ownership.id();
    Map<String, Long> extra = new LinkedHashMap<>();
    extra.put("lines" + suffix, lines);
    extra.put("unparsed" + suffix, unparsed);
    return extra;
  }

  /** Reads what the file holds now for this instance's own fields (under the lock). */
  public Optional<StatFileContent> readUnderLock() throws IOException {
    try (FileLock lock = lock()) {
      return readMerged();
    }
  }

  /**
   * Writes {@code own} (this instance's categories) and {@code extra} into the stat file, keeping
   * every other field, and the per-host counts into the hosts file.
   */
  public StatFileContent publish(CounterSnapshot own, Map<String, Long> extra,
      Map<String, CounterSnapshot> ownHosts) throws IOException {
    return publish(own, extra, ownHosts, Map.of(), line -> { });
  }

  /**
   * As {@link #publish(CounterSnapshot, Map, Map)}, with this instance's details, and gives the
   * merged line to {@code copies} while the lock is still held: a copy written after the lock is
   * released could be overtaken by another instance's newer line and then replace it with an older
   * one (a copy going backwards).
   */
  public StatFileContent publish(CounterSnapshot own, Map<String, Long> extra,
      Map<String, CounterSnapshot> ownHosts, Map<DetailKey, Long> ownDetails,
      java.util.function.Consumer<String> copies) throws IOException {
    try (FileLock lock = lock()) {
      Map<String, Long> fields = new LinkedHashMap<>();
      readMerged().ifPresent(c -> fields.putAll(c.fields()));
      for (Category c : Category.all()) {
        if (ownership.owns(c)) {
          fields.put(c.key(), own.get(c));
        } else {
          fields.putIfAbsent(c.key(), 0L);
        }
      }
      fields.putAll(extra);
      String line = StatLine.format(StatLine.counts(fields), extrasOf(fields));
      AtomicFiles.replace(statFile, line + "\n");
      AtomicFiles.replace(goodFile, line + "\n");
      Map<String, CounterSnapshot> hosts = publishHosts(ownHosts);
      Map<DetailKey, Long> details = publishDetails(ownDetails);
      copies.accept(line);
      seen = family.stamp();
      return new StatFileContent(line, StatLine.parseFields(line), hosts, details);
    }
  }

  /**
   * The family as it is now (under the lock), if a file of it changed since this writer last wrote
   * or read it: how a quiet instance learns of another instance's commits. Empty if nothing changed
   * or the stat file is missing or damaged (the next {@link #publish} repairs it).
   */
  public Optional<StatFileContent> rereadIfChanged() throws IOException {
    if (family.stamp().equals(seen)) {
      return Optional.empty();
    }
    try (FileLock lock = lock()) {
      Object stamp = family.stamp();
      try {
        Optional<StatFileContent> content = StatFileReader.readFamily(statFile);
        seen = stamp;
        return content;
      } catch (StatFileException e) {
        log.debug("not re-reading {} now: {}", statFile, e.getMessage());
        return Optional.empty();
      }
    }
  }

  private static Map<String, Long> extrasOf(Map<String, Long> fields) {
    Map<String, Long> extra = new LinkedHashMap<>(fields);
    for (Category c : Category.all()) {
      extra.remove(c.key());
    }
    return extra;
  }

  private Optional<StatFileContent> readMerged() throws IOException {
    try {
      Optional<StatFileContent> content = StatFileReader.read(statFile);
      if (content.isEmpty() && Files.exists(goodFile, LinkOption.NOFOLLOW_LINKS)) {
        log.warn("stat file {} is missing; taking the other fields from {}", statFile, goodFile);
        return readGoodQuietly();
      }
      return content;
    } catch (StatFileException e) {
      Path aside = family.damaged(System.currentTimeMillis() / 1000);
      Files.move(statFile, aside, StandardCopyOption.REPLACE_EXISTING);
      try {
        Optional<StatFileContent> good = StatFileReader.read(goodFile);
        log.error("stat file damaged ({}); kept it as {} and restored the other fields from {}",
            e.getMessage(), aside, goodFile);
        return good;
      } catch (StatFileException alsoBad) {
        log.error("stat file damaged ({}) and {} too ({}); kept it as {}; fields of other"
            + " instances reappear when they next write", e.getMessage(), goodFile, alsoBad.getMessage(), aside);
        return Optional.empty();
      }
    }
  }

  private Optional<StatFileContent> readGoodQuietly() throws IOException {
    try {
      return StatFileReader.read(goodFile);
    } catch (StatFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces this instance's fields of every host row, keeping the rest; returns what the side file holds now. */
  private Map<String, CounterSnapshot> publishHosts(Map<String, CounterSnapshot> ownHosts) throws IOException {
    if (ownHosts.isEmpty() && !Files.exists(hostsFile, LinkOption.NOFOLLOW_LINKS)) {
      return Map.of();
    }
    Map<String, Map<String, Long>> rows = new TreeMap<>(HostsFile.read(hostsFile));
    ownHosts.forEach((host, counts) -> {
      Map<String, Long> row = rows.computeIfAbsent(host, h -> new LinkedHashMap<>());
      for (Category c : Category.all()) {
        if (ownership.owns(c)) {
          row.put(c.key(), counts.get(c));
        } else {
          row.putIfAbsent(c.key(), 0L);
        }
      }
    });
    AtomicFiles.replace(hostsFile, HostsFile.format(rows));
    return HostsFile.counts(rows);
  }

  /**
   * Replaces the families this instance owns with {@code own}, keeping the other instances' rows;
   * returns what the side file holds now.
   */
  private Map<DetailKey, Long> publishDetails(Map<DetailKey, Long> own) throws IOException {
    if (own.isEmpty() && !Files.exists(detailsFile, LinkOption.NOFOLLOW_LINKS)) {
      return Map.of();
    }
    Map<DetailKey, Long> rows = new TreeMap<>(DetailsFile.read(detailsFile));
    rows.keySet().removeIf(k -> ownership.owns(k.family().owner()) && !own.containsKey(k));
    own.forEach((k, n) -> {
      if (ownership.owns(k.family().owner())) {
        rows.put(k, n);
      }
    });
    AtomicFiles.replace(detailsFile, DetailsFile.format(rows));
    return rows;
  }

  private FileLock lock() throws IOException {
    FileChannel ch = TrustedFiles.openForLocking(lockFile);
    long deadline = System.currentTimeMillis() + LOCK_TIMEOUT_MILLIS;
    try {
      while (true) {
        FileLock lock = ch.tryLock();
        if (lock != null) {
          return new ClosingLock(ch, lock);
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("could not lock " + lockFile + " within "
              + LOCK_TIMEOUT_MILLIS / 1000 + " s (another process holds it)");
        }
        Thread.onSpinWait();
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** A lock that also closes its channel when released. */
  private static final class ClosingLock extends FileLock {
    private final FileLock inner;

    ClosingLock(FileChannel ch, FileLock inner) {
      super(ch, inner.position(), inner.size(), inner.isShared());
      this.inner = inner;
    }

    @Override
    public boolean isValid() {
      return inner.isValid();
    }

    @Override
    public void release() throws IOException {
      try {
        inner.release();
      } finally {
        channel().close();
      }
    }
  }
}
