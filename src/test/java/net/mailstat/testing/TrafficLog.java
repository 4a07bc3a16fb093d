package net.mailstat.testing;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.demo.DemoTraffic;

/** Appends generated mail flows to a log file and knows what they should count. */
public final class TrafficLog {
  private final Path file;
  private final DemoTraffic traffic;
  private Instant clock = Instant.parse("2026-03-01T10:00:00Z");

  public TrafficLog(Path file, long seed) {
    this.file = file;
    this.traffic = new DemoTraffic(seed, "mail", ZoneId.of("UTC"));
  }

  public Path file() {
    return file;
  }

  /** Appends {@code flows} flows in one write, each flow one second after the previous. */
  public void append(int flows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      w.write(next(flows));
    }
  }

  /** The text of the next {@code flows} flows (counted as written), for a caller that writes it. */
  public String next(int flows) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < flows; i++) {
      clock = clock.plusSeconds(1);
      for (String line : traffic.nextFlow(clock)) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  public CounterSnapshot expected() {
    return traffic.expected().snapshot();
  }
}
