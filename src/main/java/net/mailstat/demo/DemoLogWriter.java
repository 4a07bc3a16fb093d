package net.mailstat.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * Appends {@link DemoTraffic} flows to a log file like a mail server would, and rotates it the way
 * logrotate does (rename to {@code .1}, start a new file) every {@code rotateEveryFlows} flows.
 */
public final class DemoLogWriter {
  private final Path log;
  private final DemoTraffic traffic;
  private final Clock clock;
  private final int rotateEveryFlows;
  private int flowsInFile;

  public DemoLogWriter(Path log, DemoTraffic traffic, Clock clock, int rotateEveryFlows) {
    this.log = log;
    this.traffic = traffic;
    this.clock = clock;
    this.rotateEveryFlows = rotateEveryFlows;
  }

  /** Writes {@code flows} flows (each flushed as a whole, as syslog writes whole lines). */
  public void write(int flows) throws IOException {
    for (int i = 0; i < flows; i++) {
      if (rotateEveryFlows > 0 && flowsInFile >= rotateEveryFlows) {
        Files.move(log, log.resolveSibling(log.getFileName() + ".1"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        flowsInFile = 0;
      }
      List<String> lines = traffic.nextFlow(clock.instant());
      try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND)) {
        for (String line : lines) {
          w.write(line);
          w.write('\n');
        }
      }
      flowsInFile++;
    }
  }
}
