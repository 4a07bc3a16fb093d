package net.mailstat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/** A daemon's pid file: written when it is up, removed when it stops, refused while it names a live process. */
final class PidFile {
  private final Path path;

  PidFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** The pid in the file, if the file exists and holds one. */
  OptionalLong read() {
    try {
      String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
      return OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Throws a {@link UserError} if the file names a process that is alive. */
  void refuseIfRunning() {
    OptionalLong pid = read();
    if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
      throw new UserError("already running: " + path + " names process " + pid.getAsLong());
    }
  }

  void write(long pid) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
      Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserError("cannot write pid file " + path + ": " + e.getMessage());
    }
  }

  /** Removes the file if it still names {@code pid}. */
  void removeIfOwn(long pid) {
    if (read().orElse(-1) == pid) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // Left behind: the next start sees a dead pid in it and goes ahead.
      }
    }
  }
}
