package net.mailstat.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;

/**
 * The details side file {@code STATFILE.details} (docs/formats.md): one line per counted label,
 * {@code FAMILY LABEL N}, sorted. Written with the stat file under its lock; each instance replaces
 * the families it owns and keeps the others'.
 */
public final class DetailsFile {
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private DetailsFile() {}

  /** The counts in {@code file}; none if it does not exist. Lines that do not parse are dropped. */
  public static Map<DetailKey, Long> read(Path file) throws IOException {
    Map<DetailKey, Long> out = new TreeMap<>();
    Optional<String> text = TrustedFiles.readString(file, MAX_BYTES);
    if (text.isEmpty()) {
      return out;
    }
    for (String line : text.get().split("\n")) {
      Map.Entry<DetailKey, Long> e = parseLine(line);
      if (e != null) {
        // a damaged row is dropped; its owner writes it again from its checkpoint on the next commit
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  static String line(DetailKey key, long n) {
    return key.family().key() + " " + key.label() + " " + n;
  }

  /** One {@code FAMILY LABEL N} line, or null if it is not one. */
  static Map.Entry<DetailKey, Long> parseLine(String line) {
    String[] parts = line.strip().split(" ");
    if (parts.length != 3 || !DetailKey.isLabel(parts[1]) || parts[2].length() > 19 || !parts[2].matches("\\d+")) {
      return null;
    }
    Optional<DetailFamily> family = DetailFamily.byKey(parts[0]);
    if (family.isEmpty()) {
      return null;
    }
    try {
      return new AbstractMap.SimpleImmutableEntry<>(new DetailKey(family.get(), parts[1]), Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String format(Map<DetailKey, Long> details) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(details).forEach((k, n) -> sb.append(line(k, n)).append('\n'));
    return sb.toString();
  }
}
