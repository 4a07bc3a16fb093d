package net.mailstat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overflow attack of issue #12: anyone who can write a log line sends one "Found 999999999
 * spam messages" and ten "last message repeated 999999999 times". Before the fix this wrapped
 * {@code spam} negative, moved the stat file aside on every commit, and after a restart both
 * checkpoint generations were refused and every counter started again at 0.
 */
class OverflowRestartIT {
  private static final String FOUND = "Mar  1 11:00:00 mail MailScanner[4711]: Spam Checks: Found %s spam messages\n";
  private static final String REPEATED = "Mar  1 11:00:01 mail last message repeated %s times\n";

  @TempDir Path dir;

  @Test
  void theOverflowAttackThenARestartLowersNoCounterAndDamagesNoFile() throws Exception {
    Path statFile = dir.resolve("mailstat");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 12);
    log.append(40);
    Path out = dir.resolve("run.out");
    Process run = start(out, log, statFile);
    CounterSnapshot beforeAttack;
    long lines = 0;
    try {
      awaitCounts(statFile, log.expected());
      beforeAttack = StatFiles.counts(statFile);
      long unparsedBefore = StatFiles.field(statFile, "unparsed");
      long linesBefore = StatFiles.field(statFile, "lines");
      StringBuilder attack = new StringBuilder(FOUND.formatted("999999999"));
      for (int i = 0; i < 10; i++) {
        attack.append(REPEATED.formatted("999999999"));
      }
      Files.writeString(log.file(), attack, StandardOpenOption.APPEND);
      assertThat(Poll.until(Duration.ofSeconds(20), () -> StatFiles.field(statFile, "lines") == linesBefore + 11))
          .as("the attack lines were not read: %s", read(statFile)).isTrue();
      lines = StatFiles.field(statFile, "lines");
      assertThat(StatFiles.counts(statFile)).isEqualTo(beforeAttack);
      assertThat(StatFiles.field(statFile, "unparsed")).isEqualTo(unparsedBefore + 11);
      // A few more commits with the attack counted: each of them used to leave a damaged file.
      log.append(5);
      awaitCounts(statFile, log.expected());
    } finally {
      stop(run);
    }
    CounterSnapshot beforeRestart = StatFiles.counts(statFile);
    run = start(out, log, statFile);
    try {
      log.append(10);
      awaitCounts(statFile, log.expected());
      CounterSnapshot afterRestart = StatFiles.counts(statFile);
      for (Category c : Category.all()) {
        assertThat(afterRestart.get(c)).as("%s after the restart", c.key()).isGreaterThanOrEqualTo(beforeRestart.get(c));
      }
      assertThat(StatFiles.field(statFile, "lines")).isGreaterThan(lines);
      List<String> damaged = damagedFiles();
      System.out.printf("OverflowRestartIT: attack lines counted as unparsed: 11 of 11; spam before attack %d, after"
          + " restart %d (expected %d); damaged files: %d; counters lower after restart: 0%n",
          beforeAttack.get(Category.SPAM), afterRestart.get(Category.SPAM), log.expected().get(Category.SPAM),
          damaged.size());
      assertThat(damaged).isEmpty();
      assertThat(Files.readString(out)).contains("not a number up to the bound of 1000000 events per line; counted it as unparsed");
    } finally {
      stop(run);
    }
  }

  @Test
  void aCounterAtTheCeilingStaysThereThroughCommitsAndARestart() throws Exception {
    Path statFile = dir.resolve("mailstat");
    long nearCeiling = Long.MAX_VALUE - 500;
    Files.writeString(statFile, "sent:0 received:0 bounced:0 rejected:0 virus:0 spam:" + nearCeiling + "\n");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 13);
    Files.writeString(log.file(), "");
    Path out = dir.resolve("run.out");
    Process run = start(out, log, statFile);
    try {
      assertThat(Poll.until(Duration.ofSeconds(20), () -> StatFiles.field(statFile, "lines") == 0))
          .as("started: %s", read(statFile)).isTrue();
      StringBuilder spam = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        spam.append(FOUND.formatted("1000"));
      }
      spam.append(REPEATED.formatted("1000000"));
      Files.writeString(log.file(), spam, StandardOpenOption.APPEND);
      assertThat(Poll.until(Duration.ofSeconds(20), () -> StatFiles.field(statFile, "spam") == Long.MAX_VALUE))
          .as("spam did not saturate: %s", read(statFile)).isTrue();
    } finally {
      stop(run);
    }
    run = start(out, log, statFile);
    try {
      log.append(3);
      CounterSnapshot expected = log.expected().with(Category.SPAM, Long.MAX_VALUE);
      awaitCounts(statFile, expected);
      System.out.printf("OverflowRestartIT: spam saturated at %d through a restart; damaged files: %d%n",
          StatFiles.field(statFile, "spam"), damagedFiles().size());
      assertThat(damagedFiles()).isEmpty();
    } finally {
      stop(run);
    }
  }

  private Process start(Path out, TrafficLog log, Path statFile) throws IOException {
    return MailstatJar.start(out, "run", "--no-snmp", "--no-rrd", "--no-web", "--log", log.file().toString(),
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(), "--backfill",
        "--commit-interval", "50");
  }

  private static void stop(Process run) throws InterruptedException {
    run.destroy();
    run.waitFor();
  }

  /** Names of damaged-file copies under dir; a temp file the daemon renames away meanwhile is skipped. */
  private List<String> damagedFiles() throws IOException {
    List<String> found = new java.util.ArrayList<>();
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
        if (file.getFileName().toString().contains(".damaged-")) {
          found.add(file.getFileName().toString());
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
    return found;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void awaitCounts(Path statFile, CounterSnapshot expected) throws InterruptedException {
    boolean reached = Poll.until(Duration.ofSeconds(20), () -> expected.equals(StatFiles.counts(statFile)));
    assertThat(reached).as("counted %s, expected %s", StatFiles.counts(statFile), expected).isTrue();
  }
}
