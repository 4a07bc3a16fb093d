package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * One rotated generation of a log, opened: reading goes through the open handle, so a rotation
 * that renames the file meanwhile cannot make us read a different file under the same name.
 */
final class Generation implements AutoCloseable {
  private static final int ATTEMPTS = 20;

  final Path path;
  final String fileKey;
  final FileChannel channel;

  private Generation(Path path, String fileKey, FileChannel channel) {
    this.path = path;
    this.fileKey = fileKey;
    this.channel = channel;
  }

  /** The decompressed content from its start. */
  InputStream content() throws IOException {
    channel.position(0);
    return LogInput.gunzipIfCompressed(Channels.newInputStream(channel));
  }

  /** True if this is the file {@code position} was saved in: by its first line, else by its key. */
  boolean holds(net.mailstat.line.SourcePosition position) throws IOException {
    String fp = position.fingerprint();
    if (fp != null && !fp.isEmpty()) {
      return fp.equals(fingerprint());
    }
    return position.fileKey() != null && position.fileKey().equals(fileKey);
  }

  String fingerprint() throws IOException {
    try (InputStream in = nonClosing()) {
      return FileFingerprint.of(in);
    }
  }

  private InputStream nonClosing() throws IOException {
    InputStream in = content();
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // the channel stays open for the next read
      }
    };
  }

  InputStream contentKeptOpen() throws IOException {
    return nonClosing();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Opens every rotated generation of {@code log}, oldest first, as one consistent set: the names
   * are listed and stat'ed, opened, and stat'ed again; if a rotation happened in between, all is
   * closed and tried again.
   */
  static List<Generation> openRotated(Path log) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<Path> paths = RotatedFiles.oldestFirst(log);
      List<String> keysBefore = keys(paths);
      List<Generation> opened = new ArrayList<>();
      try {
        for (int i = 0; i < paths.size(); i++) {
          try {
            opened.add(new Generation(paths.get(i), keysBefore.get(i),
                FileChannel.open(paths.get(i), StandardOpenOption.READ)));
          } catch (java.nio.file.AccessDeniedException e) {
            // An unreadable old generation must not stop following the live log.
            LoggerFactory.getLogger(Generation.class).warn("{}: permission denied; its lines are skipped",
                paths.get(i));
          }
        }
        if (keys(paths).equals(keysBefore) && RotatedFiles.oldestFirst(log).equals(paths)) {
          return opened;
        }
      } catch (NoSuchFileException e) {
        // rotated away while opening: try again
      }
      for (Generation g : opened) {
        g.close();
      }
    }
    throw new IOException("the rotated files of " + log + " keep changing; cannot read them consistently");
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
