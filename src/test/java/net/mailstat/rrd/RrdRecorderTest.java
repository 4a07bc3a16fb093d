package net.mailstat.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import net.mailstat.count.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDbPool;

class RrdRecorderTest {
  /** About 2026-03-01, a multiple of 3360 s so that day- and week-archive rows start on it. */
  private static final long T0 = 1_772_359_200L - Math.floorMod(1_772_359_200L, 3360);

  @TempDir Path dir;
  private final RrdDbPool pool = new RrdDbPool();
  private final MutableClock clock = new MutableClock(T0 + 22_200);

  private RrdRecorder open(boolean perHost) throws IOException {
    return RrdRecorder.open(RrdSettings.of(dir, "mailstat", perHost), pool, clock);
  }

  /** Lets the clock run on, so that quiet minutes complete the archive rows. */
  private void finish(RrdRecorder r) {
    clock.set(T0 + 8 * 3600);
    r.flush();
  }

  private Path file(Database db) {
    return new RrdFiles(dir, "mailstat").path(db, null);
  }

  @Test
  void eventsLandInTheDayArchiveRowsOfTheirMinutes() throws IOException {
    try (RrdRecorder r = open(false)) {
      r.record(Category.SENT, T0 + 10, "mx", 3);
      r.record(Category.VIRUS, T0 + 20, "mx", 1);
      r.record(Category.DELAYED, T0 + 30, "mx", 6);
      r.record(Category.SENT, T0 + 479, "mx", 2);
      r.record(Category.SENT, T0 + 480, "mx", 7);
      r.record(Category.RECEIVED, T0 + 3 * 480 + 5, "mx", 4);
      finish(r);
    }
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(5);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0 + 480, T0 + 960)).isEqualTo(7);
    assertThat(Archives.count(file(Database.MAIL), "recv", T0 + 3 * 480, T0 + 4 * 480)).isEqualTo(4);
    assertThat(Archives.count(file(Database.MAIL), "recv", T0, T0 + 3 * 480)).isZero();
    assertThat(Archives.count(file(Database.VIRUS), "virus", T0, T0 + 480)).isEqualTo(1);
    assertThat(Archives.count(file(Database.GREYLIST), "delayed", T0, T0 + 480)).isEqualTo(6);
  }

  @Test
  void outOfOrderLinesWithinTheGraceWindowKeepTheirMinute() throws IOException {
    RecorderStats stats;
    try (RrdRecorder r = open(false)) {
      r.record(Category.SENT, T0, "mx", 1);
      r.record(Category.SENT, T0 + 470, "mx", 1);
      r.record(Category.SENT, T0 + 540, "mx", 1); // next row; the minute at 420 is still open
      r.record(Category.SENT, T0 + 430, "mx", 5); // 110 s late, within the 2-minute grace
      stats = r.stats();
      finish(r);
    }
    assertThat(stats.recorded()).isEqualTo(8);
    assertThat(stats.shifted()).isZero();
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(7);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0 + 480, T0 + 960)).isEqualTo(1);
  }

  @Test
  void lateLinesAreShiftedIntoTheOldestOpenMinuteOrDroppedPastTheLateLimit() throws IOException {
    RecorderStats stats;
    try (RrdRecorder r = open(false)) {
      r.record(Category.SENT, T0, "mx", 1);
      r.record(Category.SENT, T0 + 960, "mx", 1); // closes everything before T0+840
      r.record(Category.SENT, T0 + 400, "mx", 4); // 440 s before the oldest open minute: shifted
      r.record(Category.SENT, T0 - 3600, "mx", 9); // far too late: dropped
      stats = r.stats();
      finish(r);
    }
    assertThat(stats.shifted()).isEqualTo(4);
    assertThat(stats.dropped()).isEqualTo(9);
    assertThat(stats.recorded()).isEqualTo(2);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(1);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0 + 480, T0 + 960)).isEqualTo(4);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0 + 960, T0 + 1440)).isEqualTo(1);
  }

  @Test
  void aRestartContinuesTheSameFilesAndDropsWhatTheyAlreadyHold() throws IOException {
    try (RrdRecorder r = open(false)) {
      r.record(Category.SENT, T0, "mx", 1);
      r.record(Category.SENT, T0 + 60, "mx", 2);
    }
    RecorderStats stats;
    try (RrdRecorder r = open(false)) {
      r.record(Category.SENT, T0 + 90, "mx", 1); // same minute, already written: shifted one minute
      r.record(Category.SENT, T0 - 86_400, "mx", 5); // re-read old history: dropped
      r.record(Category.SENT, T0 + 200, "mx", 3);
      stats = r.stats();
      finish(r);
    }
    assertThat(stats.shifted()).isEqualTo(1);
    assertThat(stats.dropped()).isEqualTo(5);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(7);
  }

  @Test
  void quietMinutesAreClosedByTheClockAsZeros() throws IOException {
    clock.set(T0 + 30);
    try (RrdRecorder r = open(false)) {
      r.record(Category.SENT, T0 + 10, "mx", 3);
      clock.set(T0 + 30 + 1200);
      r.flush();
      assertThat(r.stats().minutesWritten()).isEqualTo(18); // up to now (minute 20) minus the grace
      assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 960)).isEqualTo(3);
      assertThat(Archives.count(file(Database.MAIL), "recv", T0, T0 + 960)).isZero();
    }
  }

  @Test
  void aLogClockBehindTheWallClockLosesNothingToIdleClosing() throws IOException {
    long lag = 20 * 60;
    long fed = 0;
    try (RrdRecorder r = open(false)) {
      for (long t = T0; t < T0 + 3 * 3600; t += 200) {
        clock.set(t + lag);
        r.record(Category.SENT, t, "mx", 2);
        fed += 2;
        clock.set(t + lag + 150); // quiet for longer than the grace period
        r.flush();
      }
      assertThat(r.stats().dropped()).isZero();
      assertThat(r.stats().shifted()).isZero();
      finish(r);
    }
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 4 * 3600)).isEqualTo(fed);
  }

  @Test
  void sourcesOnSeveralThreadsAreAllCounted() throws Exception {
    int threads = 4;
    int perThread = 20_000;
    try (RrdRecorder r = open(true)) {
      java.util.concurrent.ExecutorService pool4 = java.util.concurrent.Executors.newFixedThreadPool(threads);
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      // live sources stay within seconds of each other; keep the racing threads within 50 s of log time
      java.util.concurrent.Phaser lockstep = new java.util.concurrent.Phaser(threads);
      for (int th = 0; th < threads; th++) {
        String host = "mx" + th;
        done.add(pool4.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            r.record(Category.RECEIVED, T0 + i / 2, host, 1); // ~3 hours, in order per source
            if (i % 100 == 99) {
              lockstep.arriveAndAwaitAdvance();
            }
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
      pool4.shutdown();
      finish(r);
      assertThat(r.stats().dropped()).isZero();
    }
    assertThat(Archives.count(file(Database.MAIL), "recv", T0, T0 + 4 * 3600)).isEqualTo((long) threads * perThread);
    for (int th = 0; th < threads; th++) {
      assertThat(Archives.count(new RrdFiles(dir, "mailstat").path(Database.MAIL, "mx" + th), "recv", T0,
          T0 + 4 * 3600)).isEqualTo(perThread);
    }
  }

  @Test
  void futureEventsAreCountedNow() throws IOException {
    clock.set(T0 + 10);
    try (RrdRecorder r = open(false)) {
      r.record(Category.SENT, T0 + 86_400 * 200, "mx", 2);
      assertThat(r.stats().future()).isEqualTo(2);
      finish(r);
    }
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(2);
  }

  @Test
  void perHostSetsAreKeptBesideTheTotal() throws IOException {
    try (RrdRecorder r = open(true)) {
      r.record(Category.SENT, T0 + 10, "MX1.example.org", 3);
      r.record(Category.SENT, T0 + 20, "mx2", 4);
      r.record(Category.SENT, T0 + 30, "../etc", 1);
      finish(r);
    }
    RrdFiles files = new RrdFiles(dir, "mailstat");
    assertThat(files.hosts()).containsExactly("_._etc", "mx1.example.org", "mx2");
    assertThat(Archives.count(files.path(Database.MAIL, "mx1.example.org"), "sent", T0, T0 + 480)).isEqualTo(3);
    assertThat(Archives.count(files.path(Database.MAIL, "mx2"), "sent", T0, T0 + 480)).isEqualTo(4);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(8);
  }

  @Test
  void aNewHostsSetIsOpenedByTheFlushNotByTheRecordingThread() throws IOException {
    try (RrdRecorder r = open(true)) {
      r.record(Category.SENT, T0 + 10, "mx1", 3);
      assertThat(r.hostSetsOpen()).as("record() only fills the inbox").isZero();
      r.flush();
      assertThat(r.hostSetsOpen()).isEqualTo(1);
      r.record(Category.SENT, T0 + 20, "mx1", 4);
      finish(r);
    }
    assertThat(Archives.count(new RrdFiles(dir, "mailstat").path(Database.MAIL, "mx1"), "sent", T0, T0 + 480))
        .isEqualTo(7);
  }

  @Test
  void aFullInboxIsEmptiedByTheRecordingThreadWhenNothingFlushes() throws IOException {
    try (RrdRecorder r = open(true)) {
      int hosts = 100; // each (host, minute) is one inbox entry
      for (int i = 0; i < RrdRecorder.MAX_INBOX - 1; i++) {
        r.record(Category.SENT, T0 + 60L * (i / hosts), "mx" + i % hosts, 1);
      }
      assertThat(r.hostSetsOpen()).isZero();
      int last = RrdRecorder.MAX_INBOX - 1;
      r.record(Category.SENT, T0 + 60L * (last / hosts), "mx" + last % hosts, 1);
      assertThat(r.hostSetsOpen()).as("the inbox stays bounded").isEqualTo(hosts);
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void manyHostsDoNotExhaustASmallPool() throws IOException {
    pool.setCapacity(8);
    try (RrdRecorder r = open(true)) {
      for (int h = 0; h < 40; h++) {
        r.record(Category.SENT, T0 + h, "mx" + h, 1);
      }
      finish(r);
    }
    assertThat(new RrdFiles(dir, "mailstat").hosts()).hasSize(40);
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(40);
  }

  @Test
  void aSecondWriterOfTheSameDirectoryIsRefused() throws IOException {
    try (RrdRecorder r = open(false)) {
      assertThatThrownBy(() -> open(false)).isInstanceOf(IOException.class).hasMessageContaining("another mailstat");
    }
    open(false).close();
  }

  @Test
  void twoWritersKeepingDifferentDatabasesShareADirectory() throws IOException {
    RrdSettings all = RrdSettings.of(dir, "mailstat", false);
    try (RrdRecorder mail = RrdRecorder.open(all.withDatabases(EnumSet.of(Database.MAIL, Database.GREYLIST)), pool, clock);
        RrdRecorder virus = RrdRecorder.open(all.withDatabases(EnumSet.of(Database.VIRUS)), pool, clock)) {
      assertThatThrownBy(() -> RrdRecorder.open(all.withDatabases(EnumSet.of(Database.VIRUS)), pool, clock))
          .isInstanceOf(IOException.class).hasMessageContaining("mailstat_virus.rrd");
      mail.record(Category.SENT, T0 + 10, "mx", 3);
      mail.record(Category.VIRUS, T0 + 10, "mx", 9);
      virus.record(Category.VIRUS, T0 + 20, "mx", 2);
      virus.record(Category.SENT, T0 + 20, "mx", 5);
      finish(mail);
      finish(virus);
    }
    assertThat(Archives.count(file(Database.MAIL), "sent", T0, T0 + 480)).isEqualTo(3);
    assertThat(Archives.count(file(Database.VIRUS), "virus", T0, T0 + 480)).isEqualTo(2);
  }

  @Test
  void aWriterKeepingOneDatabaseCreatesNoOther() throws IOException {
    try (RrdRecorder r = RrdRecorder.open(RrdSettings.of(dir, "mailstat", false).withDatabases(EnumSet.of(Database.VIRUS)),
        pool, clock)) {
      r.record(Category.SENT, T0 + 10, "mx", 3);
      r.record(Category.SPAM, T0 + 10, "mx", 4);
      finish(r);
    }
    assertThat(file(Database.MAIL)).doesNotExist();
    assertThat(file(Database.GREYLIST)).doesNotExist();
    assertThat(Archives.count(file(Database.VIRUS), "spam", T0, T0 + 480)).isEqualTo(4);
  }

  @Test
  void graphLegendTotalsEqualTheEventsFed() throws IOException {
    long[] sent = new long[1];
    long[] rejected = new long[1];
    java.util.Random random = new java.util.Random(42);
    try (RrdRecorder r = open(false)) {
      for (long t = T0; t < T0 + 6 * 3600; t += 7) {
        int n = random.nextInt(4);
        r.record(Category.SENT, t, "mx", n);
        sent[0] += n;
        int k = random.nextInt(2);
        r.record(Category.REJECTED, t, "mx", k);
        rejected[0] += k;
      }
      finish(r);
    }
    GraphRenderer graphs = new GraphRenderer(pool, new RrdFiles(dir, "mailstat"), java.time.ZoneOffset.UTC);
    for (GraphPeriod period : new GraphPeriod[] {GraphPeriod.DAY, GraphPeriod.WEEK}) {
      RenderedGraph traffic = graphs.render(GraphRequest.of(GraphKind.TRAFFIC, null, period, T0 + 12 * 3600, 540, 160));
      assertThat(traffic.png()).startsWith(0x89, 'P', 'N', 'G');
      assertThat(traffic.legend().get(0).label()).isEqualTo("Sent");
      assertThat(Math.round(traffic.legend().get(0).total())).as(period + " sent total").isEqualTo(sent[0]);
      RenderedGraph errors = graphs.render(GraphRequest.of(GraphKind.ERRORS, null, period, T0 + 12 * 3600, 540, 96));
      assertThat(Math.round(errors.legend().get(1).total())).as(period + " rejected total").isEqualTo(rejected[0]);
    }
  }

  @Test
  void lateLimitZeroDropsEveryLateLine() throws IOException {
    RrdSettings s = new RrdSettings(new RrdFiles(dir, "mailstat"), false, Duration.ZERO, Duration.ZERO);
    try (RrdRecorder r = RrdRecorder.open(s, pool, clock)) {
      r.record(Category.SENT, T0 + 120, "mx", 1);
      r.record(Category.SENT, T0 + 200, "mx", 1);
      r.record(Category.SENT, T0 + 130, "mx", 1);
      assertThat(r.stats().dropped()).isEqualTo(1);
    }
  }
}
