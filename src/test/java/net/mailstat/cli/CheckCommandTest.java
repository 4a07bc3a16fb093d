package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailstat check} as check_mailstat.pl: rates, thresholds, exit codes, first run, reset, races. */
class CheckCommandTest {
  private static final Pattern SENT_RATE = Pattern.compile(" sent=([0-9.]+);");

  @TempDir Path dir;

  private Path stat() {
    return dir.resolve("mailstat");
  }

  private Path state() {
    return dir.resolve("check.state");
  }

  private void counters(long sent, long received, long spam) throws Exception {
    Files.writeString(stat(), "sent:" + sent + " received:" + received + " bounced:0 rejected:0 virus:0 spam:" + spam
        + " delivered:0 greylisted:0 delayed:0\n");
  }

  /** A state file as an earlier run would have left it, {@code secondsAgo} ago. */
  private void earlierRun(long secondsAgo, long sent, long received, long spam) throws Exception {
    String sample = (System.currentTimeMillis() - secondsAgo * 1000) + " sent:" + sent + " received:" + received
        + " bounced:0 rejected:0 virus:0 spam:" + spam + " delivered:0 greylisted:0 delayed:0";
    Files.writeString(state(), "mailstat-check 1\n" + sample + "\n" + sample + "\n");
  }

  private Cli.Run check(String... args) {
    List<String> all = new ArrayList<>(List.of("check", "-s", stat().toString(), "--state-file", state().toString()));
    all.addAll(List.of(args));
    return Cli.mailstat(all.toArray(String[]::new));
  }

  private static double sentRate(String out) {
    Matcher m = SENT_RATE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theFirstRunIsOkWithoutRatesAndKeepsItsSample() throws Exception {
    counters(5, 7, 3);
    Cli.Run r = check("-w", "1:1:1:1:1:1", "-c", "2:2:2:2:2:2");
    assertThat(r.exit()).isEqualTo(CheckCommand.OK);
    assertThat(r.out()).startsWith("MAILSTAT OK - ").contains("rates from the next run on")
        .contains("| sent_total=5c received_total=7c").doesNotContain(" sent=");
    assertThat(r.out().lines()).hasSize(1);
    assertThat(Files.readString(state())).startsWith("mailstat-check 1\n").contains(" sent:5 ");
  }

  @Test
  void ratesArePerMinuteSinceTheEarlierRun() throws Exception {
    earlierRun(60, 100, 100, 0);
    counters(160, 130, 6);
    Cli.Run r = check();
    assertThat(r.exit()).isEqualTo(CheckCommand.OK);
    assertThat(sentRate(r.out())).isBetween(58.0, 60.0);
    assertThat(r.out()).contains("received=").contains("spam=").contains("sent_total=160c");
  }

  @Test
  void aRateAboveTheWarningThresholdWarnsAndAboveTheCriticalOneIsCritical() throws Exception {
    earlierRun(60, 0, 0, 0);
    counters(150, 10, 30);
    assertThat(check("-w", "100:0:0:0:0:0", "-c", "200:0:0:0:0:0").exit()).isEqualTo(CheckCommand.WARNING);
    earlierRun(60, 0, 0, 0);
    Cli.Run crit = check("-w", "100:0:0:0:0:0", "-c", "140:0:0:0:0:0");
    assertThat(crit.exit()).isEqualTo(CheckCommand.CRITICAL);
    assertThat(crit.out()).startsWith("MAILSTAT CRITICAL - sent ").contains("/min > 140")
        .contains(" sent=").contains(";100;140;0;");
    earlierRun(60, 0, 0, 0);
    assertThat(check("-w", "0:0:0:0:0:20").exit()).as("spam 30/min > 20").isEqualTo(CheckCommand.WARNING);
    earlierRun(60, 0, 0, 0);
    assertThat(check("-w", "0:0:0:0:0:0", "-c", "0:0:0:0:0:0").exit()).as("0 is no limit").isEqualTo(CheckCommand.OK);
    earlierRun(60, 0, 0, 0);
    assertThat(check("-w", "200:20:0:0:0:40").exit()).as("all below").isEqualTo(CheckCommand.OK);
  }

  @Test
  void aCounterThatWentDownIsAResetNotANegativeOrHugeRate() throws Exception {
    earlierRun(60, 5000, 5000, 100);
    counters(10, 12, 0);
    Cli.Run r = check("-c", "1:1:1:1:1:1");
    assertThat(r.exit()).isEqualTo(CheckCommand.OK);
    assertThat(r.out()).contains("counters were reset (sent 5000 -> 10)").doesNotContain(" sent=");
    earlierRun(60, 10, 12, 0);
    counters(70, 12, 0);
    assertThat(sentRate(check().out())).as("measured from the reset on").isBetween(58.0, 60.0);
  }

  @Test
  void aStaleOrMissingStatFileIsCriticalOrUnknown() throws Exception {
    counters(1, 1, 1);
    Files.setLastModifiedTime(stat(), FileTime.fromMillis(System.currentTimeMillis() - 700_000));
    Cli.Run warn = check();
    assertThat(warn.exit()).isEqualTo(CheckCommand.WARNING);
    assertThat(warn.out()).startsWith("MAILSTAT WARNING - stat file not updated for ");
    Files.setLastModifiedTime(stat(), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    assertThat(check().exit()).isEqualTo(CheckCommand.CRITICAL);
    assertThat(check("--critical-age", "8000", "--warning-age", "7500").exit()).isEqualTo(CheckCommand.OK);
    Files.delete(stat());
    Cli.Run missing = check();
    assertThat(missing.exit()).isEqualTo(CheckCommand.UNKNOWN);
    assertThat(missing.out().strip()).isEqualTo("MAILSTAT UNKNOWN - " + stat() + " does not exist");
  }

  @Test
  void badThresholdsAreUnknownWithOneLine() throws Exception {
    counters(1, 1, 1);
    for (String bad : new String[] {"600", "1:2:3", "1:2:3:4:5:x", "1:2:3:4:5:-1"}) {
      Cli.Run r = check("-w", bad);
      assertThat(r.exit()).as(bad).isEqualTo(CheckCommand.UNKNOWN);
      assertThat(r.out()).as(bad).startsWith("MAILSTAT UNKNOWN - ").hasLineCount(1);
    }
    assertThat(check("-w", "600").out()).contains("--warning-age");
  }

  @Test
  void aGarbledStateFileStartsOver() throws Exception {
    counters(1, 1, 1);
    Files.writeString(state(), "\u0000garbage\nsent:-5\n");
    Cli.Run r = check();
    assertThat(r.exit()).isEqualTo(CheckCommand.OK);
    assertThat(r.out()).contains("rates from the next run on");
    assertThat(Files.readString(state())).startsWith("mailstat-check 1\n");
  }

  @Test
  void twentyRunsAtOnceOnOneStateFileAllMeasureARealInterval() throws Exception {
    earlierRun(60, 0, 0, 0);
    counters(120, 0, 0);
    int runs = 24;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Cli.Run>> results = new ArrayList<>();
    try {
      for (int i = 0; i < runs; i++) {
        Callable<Cli.Run> run = () -> {
          go.await();
          return check("-w", "1000:0:0:0:0:0");
        };
        results.add(pool.submit(run));
      }
      go.countDown();
      for (Future<Cli.Run> f : results) {
        Cli.Run r = f.get();
        assertThat(r.exit()).as(r.out()).isEqualTo(CheckCommand.OK);
        assertThat(sentRate(r.out())).as(r.out()).isBetween(100.0, 120.0);
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> kept = Files.readAllLines(state());
    assertThat(kept).hasSize(3);
    assertThat(kept.get(0)).isEqualTo("mailstat-check 1");
    assertThat(kept.get(1)).contains(" sent:120 ");
    assertThat(kept.get(2)).contains(" sent:0 ");
  }
}
