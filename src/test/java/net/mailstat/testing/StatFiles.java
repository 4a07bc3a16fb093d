package net.mailstat.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.StatLine;

/** Reading a stat file in tests: null or -1 while it does not exist or cannot be read. */
public final class StatFiles {
  private StatFiles() {}

  public static CounterSnapshot counts(Path statFile) {
    try {
      return StatLine.counts(StatLine.parseFields(Files.readString(statFile)));
    } catch (Exception e) {
      return null;
    }
  }

  public static long field(Path statFile, String key) {
    try {
      return StatLine.parseFields(Files.readString(statFile)).getOrDefault(key, -1L);
    } catch (Exception e) {
      return -1;
    }
  }
}
