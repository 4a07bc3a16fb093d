package net.mailstat.snmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What net-snmp serves for {@code exec NAME /bin/cat FILE}: the program's output less one final
 * newline (its stderr included, as snmpd captures both), and its exit status.
 */
record CatOutput(String output, int exitCode) {
  /** Reads {@code file} now; called on the agent's own threads, never for a request. */
  static CatOutput read(Path file, String catCommand) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return failed(file, catCommand, "No such file or directory");
    } catch (AccessDeniedException e) {
      return failed(file, catCommand, "Permission denied");
    } catch (IOException e) {
      return failed(file, catCommand, String.valueOf(e.getMessage()));
    }
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
