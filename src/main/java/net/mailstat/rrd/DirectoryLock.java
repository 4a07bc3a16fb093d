package net.mailstat.rrd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The writer's claim on a set of databases: a lock on the stable side file {@code NAME.lock}
 * (never on a database, which import replaces by rename), one byte per {@link Database}, so that
 * two processes keeping different databases of one name (mailgraph's {@code --no-virus-rrd} and
 * {@code --no-mail-rrd} instances) can share a directory.
 */
final class DirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final List<FileLock> locks;

  private DirectoryLock(FileChannel channel, List<FileLock> locks) {
    this.channel = channel;
    this.locks = locks;
  }

  /** The byte of the first {@link FamilyDatabase}; those of {@link Database} come before it. */
  private static final int FAMILY_LOCK_OFFSET = 16;

  /** The lock on all three databases. */
  static DirectoryLock acquire(RrdFiles files) throws IOException {
    return acquire(files, EnumSet.allOf(Database.class), false);
  }

  /**
   * Returns the lock on {@code databases} (and on the {@link FamilyDatabase}s if {@code families}),
   * or throws naming the file if another writer holds one.
   */
  static DirectoryLock acquire(RrdFiles files, Set<Database> databases, boolean families) throws IOException {
    Files.createDirectories(files.dir());
    Path lockFile = files.dir().resolve(files.baseName() + ".lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    List<FileLock> locks = new ArrayList<>();
    List<RrdLayout> held = new ArrayList<>(databases);
    if (families) {
      held.addAll(List.of(FamilyDatabase.values()));
    }
    try {
      for (RrdLayout db : held) {
        int at = db instanceof FamilyDatabase f ? FAMILY_LOCK_OFFSET + f.ordinal() : ((Database) db).ordinal();
        FileLock lock;
        try {
          lock = channel.tryLock(at, 1, false);
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw new RrdInUseException("another mailstat is writing " + files.path(db, null) + " (lock " + lockFile
              + " is held)");
        }
        locks.add(lock);
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new DirectoryLock(channel, locks);
  }

  @Override
  public void close() throws IOException {
    for (FileLock lock : locks) {
      lock.release();
    }
    channel.close();
  }

}
