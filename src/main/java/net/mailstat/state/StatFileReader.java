package net.mailstat.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a stat file without taking its lock: writers replace it by atomic rename, so a reader
 * sees either the old or the new complete file.
 */
public final class StatFileReader {
  private StatFileReader() {}

  /** Empty if the file does not exist yet. Throws {@link StatFileException} if it is damaged. */
  public static Optional<StatFileContent> read(Path file) throws IOException, StatFileException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    try {
      return Optional.of(new StatFileContent(line, StatLine.parseFields(line)));
    } catch (IllegalArgumentException e) {
      throw new StatFileException(file + ": " + e.getMessage());
    }
  }
}
