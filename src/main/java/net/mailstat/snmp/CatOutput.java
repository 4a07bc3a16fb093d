package net.mailstat.snmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import net.mailstat.state.StatFileReader;
import net.mailstat.state.UntrustedFileException;

/**
 * What net-snmp serves for {@code exec NAME /bin/cat FILE}: the program's output less one final
 * newline (its stderr included, as snmpd captures both), and its exit status.
 */
record CatOutput(String output, int exitCode) {
  /** More than extOutput can carry in any case; a longer file is served cut to this. */
  static final int MAX_BYTES = 64 * 1024;

  /** Reads {@code file} now, as {@code cat} would; called on the agent's own threads, never for a request. */
  static CatOutput read(Path file, String catCommand) {
    String text;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return noSuchFile(file, catCommand);
    } catch (AccessDeniedException e) {
      return failed(file, catCommand, "Permission denied");
    } catch (IOException e) {
      return failed(file, catCommand, String.valueOf(e.getMessage()));
    }
    return succeeded(text);
  }

  /**
   * Reads mailstat's own stat file: as {@link #read}, but only a regular file of a trusted owner,
   * never through a link (state's rules for the stat file family).
   *
   * @throws UntrustedFileException if something else is there
   */
  static CatOutput readStatFile(Path file, String catCommand) throws UntrustedFileException {
    Optional<String> text;
    try {
      text = StatFileReader.readText(file);
    } catch (UntrustedFileException e) {
      throw e;
    } catch (AccessDeniedException e) {
      return failed(file, catCommand, "Permission denied");
    } catch (IOException e) {
      return failed(file, catCommand, String.valueOf(e.getMessage()));
    }
    if (text.isEmpty()) {
      return noSuchFile(file, catCommand);
    }
    return succeeded(text.get());
  }

  /** What cat prints for a file that is not there. */
  static CatOutput noSuchFile(Path file, String catCommand) {
    return failed(file, catCommand, "No such file or directory");
  }

  /** What snmpd serves for cat's output: the text less one final newline, exit status 0. */
  private static CatOutput succeeded(String text) {
    return new CatOutput(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text, 0);
  }

  private static CatOutput failed(Path file, String catCommand, String reason) {
    return new CatOutput(catCommand + ": " + file + ": " + reason, 1);
  }

  String firstLine() {
    int newline = output.indexOf('\n');
    return newline < 0 ? output : output.substring(0, newline);
  }
}
