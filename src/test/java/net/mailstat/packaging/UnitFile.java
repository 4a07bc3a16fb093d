package net.mailstat.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The settings of a systemd unit file, read as systemd reads a simple one (no line continuations). */
record UnitFile(List<String> lines) {
  static UnitFile read(Path file) throws IOException {
    return new UnitFile(Files.readAllLines(file).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith(";")).toList());
  }

  /** Every value given to {@code key}, in order. */
  List<String> values(String key) {
    return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).strip()).toList();
  }

  /** ExecStart's words (the units quote nothing). */
  List<String> execStart() {
    List<String> exec = values("ExecStart");
    if (exec.size() != 1) {
      throw new IllegalStateException("expected one ExecStart, found " + exec);
    }
    return List.of(exec.get(0).split("\\s+"));
  }
}
