package net.mailstat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

  /** What {@code mailstat parse --compat=mailgraph --timezone=UTC} counts in {@code log}, by field. */
  public static Map<String, Long> parsedAsMailgraph(Path log) throws IOException, InterruptedException {
    MailstatJar.Result r = MailstatJar.run(Duration.ofSeconds(60), "parse", "--compat=mailgraph", "--timezone=UTC",
        "--format=mailstat", log.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return StatLine.parseFields(r.stdout());
  }

  /** The fields of a stat file that must exist. */
  public static Map<String, Long> fields(Path statFile) throws IOException {
    return StatLine.parseFields(Files.readString(statFile));
  }
}
