package net.mailstat.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.mailstat.count.Category;

/**
 * Claims counters of a stat file for one running instance, so that two instances can never own
 * the same counter. Each category is one byte of {@code STATFILE.owners}, locked with an OS
 * byte-range lock for the life of the instance; the OS drops the locks when a process dies, so a
 * crashed instance never blocks its successor.
 */
public final class FieldOwnershipLock implements AutoCloseable {
  private final FileChannel channel;
  private final List<FileLock> locks;

  private FieldOwnershipLock(FileChannel channel, List<FileLock> locks) {
    this.channel = channel;
    this.locks = locks;
  }

  public static Path ownersFile(Path statFile) {
    return new StatFileFamily(statFile).owners();
  }

  /** Throws {@link StatFileException} naming the first counter already owned elsewhere. */
  public static FieldOwnershipLock claim(Path statFile, Ownership ownership)
      throws IOException, StatFileException {
    Path file = ownersFile(statFile);
    FileChannel ch = TrustedFiles.openForLocking(file);
    List<FileLock> locks = new ArrayList<>();
    try {
      for (Category c : Category.all()) {
        if (!ownership.owns(c)) {
          continue;
        }
        FileLock lock;
        try {
          lock = ch.tryLock(c.ordinal(), 1, false);
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw new StatFileException("counter '" + c.key() + "' of " + statFile
              + " is already owned by another running mailstat instance; give each instance a"
              + " disjoint --only (mail, virus) or its own --stat-file");
        }
        locks.add(lock);
      }
    } catch (IOException | StatFileException | RuntimeException e) {
      for (FileLock l : locks) {
        l.release();
      }
      ch.close();
      throw e;
    }
    return new FieldOwnershipLock(ch, locks);
  }

  @Override
  public void close() throws IOException {
    for (FileLock l : locks) {
      if (l.isValid()) {
        l.release();
      }
    }
    channel.close();
  }
}
