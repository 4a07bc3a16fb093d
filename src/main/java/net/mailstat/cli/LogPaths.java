package net.mailstat.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Expands --log arguments: plain paths as given (they may appear later), globs in the file name. */
final class LogPaths {
  private LogPaths() {}

  static List<Path> expand(List<String> specs) {
    Set<Path> out = new LinkedHashSet<>();
    for (String spec : specs) {
      Path p = Path.of(spec).toAbsolutePath().normalize();
      String name = p.getFileName().toString();
      if (!name.matches(".*[*?\\[].*")) {
        if (Files.isDirectory(p)) {
          throw new UserError("--log " + spec + ": is a directory (give the log file, or a glob like DIR/*.log)");
        }
        out.add(p);
        continue;
      }
      Path dir = p.getParent();
      List<Path> matches = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, name)) {
        for (Path m : entries) {
          if (Files.isRegularFile(m)) {
            matches.add(m);
          }
        }
      } catch (IOException e) {
        throw new UserError("--log " + spec + ": cannot list " + dir + ": " + e.getMessage());
      }
      if (matches.isEmpty()) {
        throw new UserError("--log " + spec + ": no file matches");
      }
      matches.sort(null);
      out.addAll(matches);
    }
    return new ArrayList<>(out);
  }
}
