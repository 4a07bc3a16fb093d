package net.mailstat.source;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a change in a log's directory (the JDK's file watching: inotify on Linux), or for the
 * poll interval, whichever comes first. Watching makes a follower react at once to appended lines
 * and rotations; the interval stays as the fallback where watching does not work (NFS, sshfs) or
 * cannot be set up, so a follower never depends on it.
 */
final class DirectoryWaker implements Waker {
  private final WatchService watcher;

  private DirectoryWaker(WatchService watcher) {
    this.watcher = watcher;
  }

  /** A waker for {@code log}'s directory; without watching if it cannot be set up. */
  static DirectoryWaker forLog(Path log) {
    Path dir = log.toAbsolutePath().getParent();
    try {
      WatchService w = dir.getFileSystem().newWatchService();
      try {
        dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        return new DirectoryWaker(w);
      } catch (IOException | RuntimeException e) {
        w.close();
        return new DirectoryWaker(null);
      }
    } catch (IOException | UnsupportedOperationException e) {
      return new DirectoryWaker(null);
    }
  }

  /** Returns after a change in the directory or after {@code interval}. */
  @Override
  public void await(Duration interval) throws InterruptedException {
    if (watcher == null) {
      Thread.sleep(interval.toMillis());
      return;
    }
    try {
      WatchKey key = watcher.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
      if (key != null) {
        key.pollEvents();
        key.reset();
      }
    } catch (ClosedWatchServiceException e) {
      Thread.sleep(interval.toMillis());
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
