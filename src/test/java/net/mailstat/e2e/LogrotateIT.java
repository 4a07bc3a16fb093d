package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.StatLine;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real logrotate rotates the log repeatedly while lines are written at a steady rate;
 * the counters must equal what was written, in every rotation style.
 */
class LogrotateIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"create\ncompress\ndelaycompress", "create\ncompress", "create",
      "copytruncate\ncompress\ndelaycompress", "copytruncate"})
  void countsEveryLineAcrossRotations(String mode) throws Exception {
    Path statFile = dir.resolve("mailstat");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), mode.hashCode());
    Path conf = dir.resolve("logrotate.conf");
    Files.writeString(conf, log.file() + " {\n rotate 20\n missingok\n" + mode + "\n}\n");
    Process run = MailstatJar.start(dir.resolve("run.out"), "run", "--no-snmp", "--log", log.file().toString(),
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(), "--backfill");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Exception> writerFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        while (writing.get()) {
          log.append(3);
          Thread.sleep(2); // a steady rate, like a busy mail server
        }
      } catch (Exception e) {
        writerFailure.set(e);
      }
    });
    try {
      writer.start();
      for (int i = 0; i < 8; i++) {
        Thread.sleep(300);
        rotate(conf);
      }
      writing.set(false);
      writer.join();
      assertThat(writerFailure.get()).isNull();
      // With copytruncate, lines written between logrotate's copy and its truncation are lost from
      // every file (logrotate documents this), though mailstat may have read them before the
      // truncation. So: with renames, exactly what was written; with copytruncate, at least every
      // line that is in the files and at most what was written (nothing counted twice).
      CounterSnapshot written = log.expected();
      long linesInFiles = countLines();
      if (!mode.contains("copytruncate")) {
        boolean reached = MailstatJar.await(Duration.ofSeconds(30),
            () -> written.equals(read(statFile)) && linesInFiles == readLines(statFile));
        assertThat(reached).as("[%s] stat file '%s', written %s (%d lines); files %s; log: %s",
            mode.replace('\n', ' '), Files.readString(statFile).strip(), written, linesInFiles, generations(),
            Files.readString(dir.resolve("run.out"))).isTrue();
      } else {
        CounterSnapshot inFiles = parseAllGenerations();
        boolean reached = MailstatJar.await(Duration.ofSeconds(30),
            () -> between(inFiles, read(statFile), written) && readLines(statFile) >= linesInFiles);
        assertThat(reached).as("[%s] stat file '%s', in files %s (%d lines), written %s; log: %s",
            mode.replace('\n', ' '), Files.readString(statFile).strip(), inFiles, linesInFiles, written,
            Files.readString(dir.resolve("run.out"))).isTrue();
        assertThat(inFiles.get(Category.RECEIVED)).isGreaterThan(written.get(Category.RECEIVED) * 9 / 10);
      }
    } finally {
      writing.set(false);
      run.destroy();
      run.waitFor();
    }
  }

  private static boolean between(CounterSnapshot low, CounterSnapshot value, CounterSnapshot high) {
    if (value == null) {
      return false;
    }
    for (Category c : Category.all()) {
      if (value.get(c) < low.get(c) || value.get(c) > high.get(c)) {
        return false;
      }
    }
    return true;
  }

  private java.util.List<Path> generations() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("mail.log")).sorted().toList();
    }
  }

  private long countLines() throws IOException {
    long lines = 0;
    for (Path p : generations()) {
      try (var in = net.mailstat.source.LogInput.open(p)) {
        for (byte b : in.readAllBytes()) {
          if (b == '\n') {
            lines++;
          }
        }
      }
    }
    return lines;
  }

  private CounterSnapshot parseAllGenerations() throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("parse", "--format=mailstat"));
    generations().forEach(p -> args.add(p.toString()));
    MailstatJar.Result r = MailstatJar.run(Duration.ofSeconds(60), args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return StatLine.counts(StatLine.parseFields(r.stdout()));
  }

  private static long readLines(Path statFile) {
    try {
      return StatLine.parseFields(Files.readString(statFile)).getOrDefault("lines", -1L);
    } catch (Exception e) {
      return -1;
    }
  }

  private void rotate(Path conf) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("logrotate", "-f", "-s", dir.resolve("logrotate.state").toString(),
        conf.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("logrotate: %s", out).isZero();
  }

  private static CounterSnapshot read(Path statFile) {
    try {
      return StatLine.counts(StatLine.parseFields(Files.readString(statFile)));
    } catch (Exception e) {
      return null;
    }
  }
}
