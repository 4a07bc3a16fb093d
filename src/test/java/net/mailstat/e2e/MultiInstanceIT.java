package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.Ownership;
import net.mailstat.state.StatLine;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic two-instance set-up (mail counters and virus counters from separate processes) on
 * one stat file, both committing as fast as they can, while a reader samples the file.
 */
class MultiInstanceIT {
  @TempDir Path dir;

  @Test
  void twoInstancesMergeOneStatFileWithoutTornReadsOrDecreases() throws Exception {
    Path statFile = dir.resolve("mailstat");
    TrafficLog mailLog = new TrafficLog(dir.resolve("mail.log"), 1);
    TrafficLog virusLog = new TrafficLog(dir.resolve("virus.log"), 2);
    Process mail = MailstatJar.start(dir.resolve("mail.out"), "run", "--no-snmp", "--no-rrd", "--no-web", "--only=mail", "--log", mailLog.file().toString(),
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(),
        "--commit-interval", "10", "--poll-interval", "10", "--backfill");
    Process virus = MailstatJar.start(dir.resolve("virus.out"), "run", "--no-snmp", "--no-rrd", "--no-web", "--only=virus", "--log",
        virusLog.file().toString(), "--stat-file", statFile.toString(), "--state-dir",
        dir.resolve("state").toString(), "--commit-interval", "10", "--poll-interval", "10", "--backfill");
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicLong samples = new AtomicLong();
    List<String> problems = new ArrayList<>();
    Thread reader = new Thread(() -> sample(statFile, reading, samples, problems));
    reader.start();
    try {
      for (int round = 0; round < 40; round++) {
        mailLog.append(250);
        virusLog.append(250);
      }
      CounterSnapshot expected = mergeOwned(mailLog.expected(), virusLog.expected());
      boolean reached = Poll.until(Duration.ofSeconds(60), () -> expected.equals(StatFiles.counts(statFile)));
      reading.set(false);
      reader.join();
      assertThat(problems).isEmpty();
      assertThat(samples.get()).isGreaterThan(100);
      assertThat(reached).as("final counters %s, expected %s", StatFiles.counts(statFile), expected).isTrue();
    } finally {
      mail.destroy();
      virus.destroy();
      mail.waitFor();
      virus.waitFor();
    }
    assertThat(StatFiles.counts(statFile)).isEqualTo(mergeOwned(mailLog.expected(), virusLog.expected()));
  }

  private static CounterSnapshot mergeOwned(CounterSnapshot mail, CounterSnapshot virus) {
    CounterSnapshot merged = CounterSnapshot.zero();
    for (Category c : Category.all()) {
      merged = merged.with(c, Ownership.MAIL.owns(c) ? mail.get(c) : virus.get(c));
    }
    return merged;
  }


  private static void sample(Path statFile, AtomicBoolean reading, AtomicLong samples, List<String> problems) {
    Map<String, Long> last = Map.of();
    while (reading.get()) {
      String text;
      try {
        if (!Files.exists(statFile)) {
          continue;
        }
        text = Files.readString(statFile);
      } catch (Exception e) {
        continue;
      }
      samples.incrementAndGet();
      if (!text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
        problems.add("torn or partial stat file: '" + text + "'");
        continue;
      }
      Map<String, Long> fields;
      try {
        fields = StatLine.parseFields(text);
      } catch (IllegalArgumentException e) {
        problems.add("unparsable stat file: '" + text + "'");
        continue;
      }
      for (Category c : Category.all()) {
        if (!fields.containsKey(c.key())) {
          problems.add("missing " + c.key() + " in '" + text + "'");
        } else if (fields.get(c.key()) < last.getOrDefault(c.key(), 0L)) {
          problems.add(c.key() + " decreased from " + last.get(c.key()) + " to " + fields.get(c.key()));
        }
      }
      last = fields;
    }
  }
}
