package net.mailstat.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every rotated generation of a log, opened as one consistent set, oldest first, and closed
 * together: the names are listed and stat'ed, opened, and stat'ed again; if a rotation happened in
 * between, all is closed and tried again. Reading goes through the open handles, so a rotation
 * that renames the files meanwhile cannot make us read a different file under the same name.
 */
final class OpenGenerations implements AutoCloseable {
  private static final int ATTEMPTS = 20;

  private final List<Generation> oldestFirst;

  private OpenGenerations(List<Generation> oldestFirst) {
    this.oldestFirst = List.copyOf(oldestFirst);
  }

  static OpenGenerations open(Path log) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<Path> paths = RotatedFiles.oldestFirst(log);
      List<String> keysBefore = keys(paths);
      List<Generation> opened = new ArrayList<>();
      try {
        for (int i = 0; i < paths.size(); i++) {
          try {
            opened.add(new Generation(paths.get(i), keysBefore.get(i),
                FileChannel.open(paths.get(i), StandardOpenOption.READ)));
          } catch (AccessDeniedException e) {
            // An unreadable old generation must not stop following the live log.
            LoggerFactory.getLogger(OpenGenerations.class).warn("{}: permission denied; its lines are skipped",
                paths.get(i));
          }
        }
        if (keys(paths).equals(keysBefore) && RotatedFiles.oldestFirst(log).equals(paths)) {
          return new OpenGenerations(opened);
        }
      } catch (NoSuchFileException e) {
        // rotated away while opening: try again
      }
      new OpenGenerations(opened).close();
    }
    throw new IOException("the rotated files of " + log + " keep changing; cannot read them consistently");
  }

  List<Generation> oldestFirst() {
    return oldestFirst;
  }

  /** The identity of each generation, oldest first (reads each one's first line). */
  List<FileId> ids() throws IOException {
    List<FileId> ids = new ArrayList<>();
    for (Generation g : oldestFirst) {
      ids.add(g.id());
    }
    return ids;
  }

  /** Closes every generation, even when closing one fails; the first failure is thrown. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Generation g : oldestFirst) {
      try {
        g.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static List<String> keys(List<Path> paths) throws IOException {
    List<String> keys = new ArrayList<>();
    for (Path p : paths) {
      try {
        keys.add(String.valueOf(Files.readAttributes(p, BasicFileAttributes.class).fileKey()));
      } catch (NoSuchFileException e) {
        keys.add("missing");
      }
    }
    return keys;
  }
}
