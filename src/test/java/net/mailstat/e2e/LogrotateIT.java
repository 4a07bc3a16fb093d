package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.StatLine;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
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
    Process run = MailstatJar.start(dir.resolve("run.out"), "run", "--no-snmp", "--no-rrd", "--no-web", "--log", log.file().toString(),
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(), "--backfill");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicBoolean reopen = new AtomicBoolean(false);
    AtomicReference<Exception> writerFailure = new AtomicReference<>();
    // Writes like a syslog daemon: one open file, one write per batch, reopened when told to (the
    // HUP of logrotate's postrotate); with copytruncate, never reopened.
    Thread writer = new Thread(() -> {
      try {
        OutputStream out = open(log.file());
        while (writing.get()) {
          if (reopen.getAndSet(false)) {
            out.close();
            out = open(log.file());
          }
          out.write(log.next(3).getBytes(StandardCharsets.UTF_8));
          Thread.sleep(2); // a steady rate, like a busy mail server
        }
        out.close();
      } catch (Exception e) {
        writerFailure.set(e);
      }
    });
    try {
      writer.start();
      for (int i = 0; i < 8; i++) {
        Thread.sleep(300);
        rotate(conf);
        Thread.sleep(20); // postrotate's HUP arrives a moment after the rename
        reopen.set(!mode.contains("copytruncate"));
      }
      writing.set(false);
      writer.join();
      assertThat(writerFailure.get()).isNull();
      // Two configurations lose lines from the files themselves: copytruncate (lines written between
      // logrotate's copy and its truncation) and compress without delaycompress (lines the daemon
      // writes to the renamed file before its HUP, after gzip read it). mailstat may still have
      // read them. So: otherwise exactly what was written; in those, at least every line that is in
      // the files and at most what was written (nothing counted twice).
      CounterSnapshot written = log.expected();
      long linesInFiles = countLines();
      boolean lossy = mode.contains("copytruncate") || mode.contains("compress") && !mode.contains("delaycompress");
      if (!lossy) {
        boolean reached = Poll.until(Duration.ofSeconds(30),
            () -> written.equals(StatFiles.counts(statFile)) && linesInFiles == StatFiles.field(statFile, "lines"));
        assertThat(reached).as("[%s] stat file '%s', written %s (%d lines); files %s; log: %s",
            mode.replace('\n', ' '), Files.readString(statFile).strip(), written, linesInFiles, generations(),
            Files.readString(dir.resolve("run.out"))).isTrue();
      } else {
        CounterSnapshot inFiles = parseAllGenerations();
        boolean reached = Poll.until(Duration.ofSeconds(30),
            () -> between(inFiles, StatFiles.counts(statFile), written) && StatFiles.field(statFile, "lines") >= linesInFiles);
        assertThat(reached).as("[%s] stat file '%s', in files %s (%d lines), written %s; log: %s",
            mode.replace('\n', ' '), Files.readString(statFile).strip(), inFiles, linesInFiles, written,
            Files.readString(dir.resolve("run.out"))).isTrue();
        // The check above means something only if the files kept much of what was written; how much
        // logrotate's copy-then-truncate loses depends on how slow the machine is at that moment.
        assertThat(inFiles.get(Category.RECEIVED)).isGreaterThan(written.get(Category.RECEIVED) / 2);
      }
    } finally {
      writing.set(false);
      run.destroy();
      run.waitFor();
    }
  }

  private static OutputStream open(Path file) throws IOException {
    return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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


  private void rotate(Path conf) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("logrotate", "-f", "-s", dir.resolve("logrotate.state").toString(),
        conf.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("logrotate: %s", out).isZero();
  }

}
