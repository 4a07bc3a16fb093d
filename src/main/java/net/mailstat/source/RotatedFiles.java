package net.mailstat.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the rotated generations of a log: {@code mail.log.1}, {@code mail.log.2.gz} (logrotate's
 * numbered names) and {@code mail.log-20261123[.gz]} (dateext), oldest first. While logrotate's
 * compress runs, {@code mail.log.1} and the {@code mail.log.1.gz} being written stand side by
 * side: they are one generation, and only the complete, uncompressed one is listed.
 */
final class RotatedFiles {
  private static final Pattern NUMBERED = Pattern.compile("\\.(\\d{1,4})(?:\\.gz)?");
  private static final Pattern DATED = Pattern.compile("-(\\d{8,10})(?:\\.gz)?");

  private RotatedFiles() {}

  static List<Path> oldestFirst(Path log) throws IOException {
    Path dir = log.toAbsolutePath().getParent();
    String base = log.getFileName().toString();
    record Candidate(Path path, long age) {}
    List<Candidate> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, base + "?*")) {
      for (Path p : entries) {
        String suffix = p.getFileName().toString().substring(base.length());
        Matcher numbered = NUMBERED.matcher(suffix);
        Matcher dated = DATED.matcher(suffix);
        String name = p.getFileName().toString();
        if (name.endsWith(".gz") && Files.exists(p.resolveSibling(name.substring(0, name.length() - 3)))) {
          continue;
        }
        if (numbered.matches()) {
          found.add(new Candidate(p, Long.parseLong(numbered.group(1))));
        } else if (dated.matches()) {
          // Newer dates are younger: negate so that a larger age means older, like .N.
          found.add(new Candidate(p, -Long.parseLong(dated.group(1))));
        }
      }
    }
    found.sort(Comparator.comparingLong(Candidate::age).reversed());
    List<Path> out = new ArrayList<>();
    found.forEach(c -> out.add(c.path()));
    return out;
  }
}
