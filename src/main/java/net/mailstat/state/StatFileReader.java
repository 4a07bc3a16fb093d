package net.mailstat.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a stat file without taking its lock: writers replace it by atomic rename, so a reader
 * sees either the old or the new complete file.
 */
public final class StatFileReader {
  private StatFileReader() {}

  /** A stat file is one short line; anything much longer is not one. */
  static final int MAX_BYTES = 64 * 1024;

  /**
   * The whole text of a stat file (for an extTable row that serves it as {@code cat} would): empty
   * if it does not exist; {@link UntrustedFileException} if it is not a regular file of a trusted
   * owner (a neighbour's file, link or FIFO in a shared directory is never served, nor opened).
   */
  public static Optional<String> readText(Path file) throws IOException {
    return TrustedFiles.readString(file, MAX_BYTES);
  }

  /**
   * The stat file with its side files {@code .hosts} and {@code .details} (read without the lock:
   * each one is whole, but a writer may replace one between two reads); empty if the stat file does
   * not exist. Throws as {@link #read}.
   */
  public static Optional<StatFileContent> readFamily(Path statFile) throws IOException, StatFileException {
    Optional<StatFileContent> content = read(statFile);
    if (content.isEmpty()) {
      return content;
    }
    StatFileFamily family = new StatFileFamily(statFile);
    return Optional.of(content.get().withSideFiles(HostsFile.readCounts(family.hosts()),
        DetailsFile.read(family.details())));
  }

  /**
   * The stat file's first line and fields; empty if the file does not exist yet. Throws
   * {@link StatFileException} if it is damaged, and {@link UntrustedFileException} if it is not a
   * regular file of a trusted owner.
   */
  public static Optional<StatFileContent> read(Path file) throws IOException, StatFileException {
    Optional<String> read = TrustedFiles.readString(file, MAX_BYTES);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    String text = read.get();
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    try {
      return Optional.of(new StatFileContent(line, StatLine.parseFields(line)));
    } catch (IllegalArgumentException e) {
      throw new StatFileException(file + ": " + e.getMessage());
    }
  }
}
