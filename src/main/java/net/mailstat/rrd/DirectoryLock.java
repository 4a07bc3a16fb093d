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

  /** The lock on all three databases. */
  static DirectoryLock acquire(RrdFiles files) throws IOException {
    return acquire(files, EnumSet.allOf(Database.class));
  }

  /** Returns the lock on {@code databases}, or throws naming the file if another writer holds one. */
  static DirectoryLock acquire(RrdFiles files, Set<Database> databases) throws IOException {
    Files.createDirectories(files.dir());
    Path lockFile = files.dir().resolve(files.baseName() + ".lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    List<FileLock> locks = new ArrayList<>();
    try {
      for (Database db : databases) {
        FileLock lock;
        try {
          lock = channel.tryLock(db.ordinal(), 1, false);
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
