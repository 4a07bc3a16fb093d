package net.mailstat.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.queue.QueueTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDbPool;

/** Detail events and queue samples reach the detail and queue databases (docs/rrd.md). */
class FamilyHistoryTest {
  /** A multiple of 3360 s, so that day- and week-archive rows start on it. */
  private static final long T0 = 1_772_359_200L - Math.floorMod(1_772_359_200L, 3360);

  @TempDir Path dir;
  private final RrdDbPool pool = new RrdDbPool();
  private final MutableClock clock = new MutableClock(T0 + 22_200);
  private RrdRecorder open(boolean families) throws IOException {
    RrdSettings s = RrdSettings.of(dir, "mailstat", false);
    return RrdRecorder.open(families ? s.withFamilies() : s, pool, clock);
  }

  private Path file(RrdLayout db) {
    return new RrdFiles(dir, "mailstat").path(db, null);
  }

  private static DetailKey reject(String label) {
    return new DetailKey(DetailFamily.REJECT, label);
  }

  private static DetailKey tls(String label) {
    return new DetailKey(DetailFamily.TLS, label);
  }

  private static QueueSnapshot up(long t, long deferred, long active) {
    Map<QueueName, QueueTotals> q = new EnumMap<>(QueueName.class);
    q.put(QueueName.DEFERRED, new QueueTotals(deferred, deferred * 1000, 60));
    q.put(QueueName.ACTIVE, new QueueTotals(active, active * 1000, 1));
    return new QueueSnapshot(t, q, 0, null);
  }

  private static QueueSnapshot down(long t) {
    return new QueueSnapshot(t, Map.of(), 0, "postqueue: fatal: Queue report unavailable - mail system is down");
  }

  @Test
  void rejectReasonsAndTlsConnectionsLandInTheMinutesOfTheirLogTime() throws IOException {
    try (RrdRecorder r = open(true)) {
      r.record(Category.REJECTED, T0 + 10, "mx", 1);
      r.detail(reject("relay-denied"), T0 + 10, "mx", 1);
      r.detail(reject("rbl-zen.spamhaus.org"), T0 + 20, "mx", 2);
      r.detail(reject("rbl-bl.spamcop.net"), T0 + 500, "mx", 1);
      r.detail(reject("my-site-reason"), T0 + 30, "mx", 4);
      r.detail(new DetailKey(DetailFamily.SPF, "pass"), T0 + 30, "mx", 9);
      r.detail(tls("inbound-anonymous"), T0 + 40, "mx", 5);
      r.detail(tls("outbound-verified"), T0 + 3 * 480 + 1, "mx", 3);
      clock.set(T0 + 8 * 3600);
      r.flush();
    }
    Path rejects = file(FamilyDatabase.REJECTS);
    assertThat(Archives.count(rejects, "relay_denied", T0, T0 + 480)).isEqualTo(1);
    assertThat(Archives.count(rejects, "rbl", T0, T0 + 480)).isEqualTo(2);
    assertThat(Archives.count(rejects, "rbl", T0 + 480, T0 + 960)).isEqualTo(1);
    assertThat(Archives.count(rejects, "other", T0, T0 + 480)).isEqualTo(4);
    assertThat(Archives.count(rejects, "spf", T0, T0 + 8 * 3600)).isZero();
    Path tlsFile = file(FamilyDatabase.TLS);
    assertThat(Archives.count(tlsFile, "inbound_anonymous", T0, T0 + 480)).isEqualTo(5);
    assertThat(Archives.count(tlsFile, "outbound_verified", T0 + 3 * 480, T0 + 4 * 480)).isEqualTo(3);
    assertThat(Archives.count(tlsFile, "outbound_verified", T0, T0 + 3 * 480)).isZero();
    assertThat(Archives.count(file(Database.MAIL), "rejected", T0, T0 + 480)).isEqualTo(1);
  }

  @Test
  void detailsFollowTheLatePolicyAndARestartContinuesTheFiles() throws IOException {
    try (RrdRecorder r = open(true)) {
      r.detail(reject("size"), T0, "mx", 1);
      r.detail(reject("size"), T0 + 960, "mx", 1); // closes everything before T0+840
      r.detail(reject("size"), T0 + 400, "mx", 4); // shifted into the oldest open minute
      r.detail(reject("size"), T0 - 3600, "mx", 9); // too late: dropped
    }
    try (RrdRecorder r = open(true)) {
      r.detail(reject("size"), T0 + 1000, "mx", 2);
      r.detail(reject("size"), T0 + 10, "mx", 7); // already written: dropped
      clock.set(T0 + 8 * 3600);
      r.flush();
    }
    Path rejects = file(FamilyDatabase.REJECTS);
    assertThat(Archives.count(rejects, "size", T0, T0 + 480)).isEqualTo(1);
    assertThat(Archives.count(rejects, "size", T0 + 480, T0 + 960)).isEqualTo(4);
    assertThat(Archives.count(rejects, "size", T0 + 960, T0 + 1440)).isEqualTo(3);
  }

  @Test
  void queueSamplesAreGaugesAndAStoppedPostfixIsUnknownNotZero() throws IOException {
    long start = T0 + 3360;
    try (RrdRecorder r = open(true)) {
      for (long t = start; t <= start + 3600; t += 60) {
        r.queueSample(up(t, 3, 1));
        r.queueSample(up(t, 99, 99)); // the same sample time again: skipped
      }
      for (long t = start + 3660; t <= start + 5400; t += 60) {
        r.queueSample(down(t));
      }
      for (long t = start + 5460; t <= start + 7200; t += 60) {
        r.queueSample(up(t, 5, 0));
      }
    }
    try (RrdDb db = RrdDb.getBuilder().setPath(file(FamilyDatabase.QUEUES).toString()).readOnly().build()) {
      assertThat(db.getDatasource("deferred").getType()).isEqualTo(org.rrd4j.DsType.GAUGE);
      FetchData data = db.createFetchRequest(ConsolFun.AVERAGE, start, start + 7200, 480).fetchData();
      long[] times = data.getTimestamps();
      double[] deferred = data.getValues("deferred");
      double[] active = data.getValues("active");
      double[] hold = data.getValues("hold");
      int up = 0;
      int unknown = 0;
      int later = 0;
      for (int i = 0; i < times.length; i++) {
        long rowStart = times[i] - 480;
        if (rowStart >= start + 480 && times[i] <= start + 3600) {
          assertThat(deferred[i]).as("row %d", times[i]).isEqualTo(3.0);
          assertThat(active[i]).isEqualTo(1.0);
          assertThat(hold[i]).isZero();
          up++;
        } else if (rowStart >= start + 3660 && times[i] <= start + 5400) {
          assertThat(deferred[i]).as("row %d while Postfix is down", times[i]).isNaN();
          assertThat(hold[i]).isNaN();
          unknown++;
        } else if (rowStart >= start + 5460 && times[i] <= start + 7200) {
          assertThat(deferred[i]).as("row %d", times[i]).isEqualTo(5.0);
          later++;
        }
      }
      assertThat(up).isGreaterThanOrEqualTo(5);
      assertThat(unknown).isGreaterThanOrEqualTo(2);
      assertThat(later).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void queuesUnavailableFromTheStartCreateNoFile() throws IOException {
    try (RrdRecorder r = open(true)) {
      r.queueSample(down(T0 + 60));
      r.queueSample(null);
    }
    assertThat(file(FamilyDatabase.QUEUES)).doesNotExist();
  }

  @Test
  void withoutFamiliesNoDetailOrQueueFileIsKept() throws IOException {
    try (RrdRecorder r = open(false)) {
      r.record(Category.REJECTED, T0 + 10, "mx", 1);
      r.detail(reject("relay-denied"), T0 + 10, "mx", 1);
      r.queueSample(up(T0 + 60, 1, 1));
      clock.set(T0 + 8 * 3600);
      r.flush();
    }
    for (FamilyDatabase db : FamilyDatabase.values()) {
      assertThat(file(db)).doesNotExist();
    }
    assertThat(Archives.count(file(Database.MAIL), "rejected", T0, T0 + 480)).isEqualTo(1);
  }

  @Test
  void theGraphsDrawEveryReasonQueueAndTrustLevelWithLegends() throws IOException {
    long fed = 0;
    java.util.Random random = new java.util.Random(17);
    String[] reasons = {"relay-denied", "rbl-zen.spamhaus.org", "unknown-recipient", "somewhere-else"};
    try (RrdRecorder r = open(true)) {
      for (long t = T0; t < T0 + 6 * 3600; t += 11) {
        int n = random.nextInt(3);
        r.detail(reject(reasons[random.nextInt(reasons.length)]), t, "mx", n);
        fed += n;
        r.detail(tls("inbound-trusted"), t, "mx", 1);
        if (t % 60 < 11) {
          clock.set(t);
          r.queueSample(up(t, 7, 2));
        }
      }
      clock.set(T0 + 8 * 3600);
      r.flush();
    }
    GraphRenderer graphs = new GraphRenderer(pool, new RrdFiles(dir, "mailstat"), ZoneOffset.UTC);
    long now = T0 + 6 * 3600 + 600;
    RenderedGraph rejects = graphs.render(GraphRequest.of(GraphKind.REJECTS, null, GraphPeriod.DAY, now, 540, 160));
    assertThat(rejects.png()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(rejects.legend()).hasSize(FamilyDatabase.REJECTS.sources().size());
    double total = rejects.legend().stream().mapToDouble(l -> Double.isNaN(l.total()) ? 0 : l.total()).sum();
    assertThat(Math.round(total)).isEqualTo(fed);
    assertThat(rejects.legend().get(1).label()).isEqualTo("SPF");
    assertThat(rejects.legend().get(1).total()).isZero();
    RenderedGraph queue = graphs.render(GraphRequest.of(GraphKind.QUEUE, null, GraphPeriod.DAY, now, 540, 96));
    assertThat(queue.legend()).extracting(LegendLine::label)
        .containsExactly("Maildrop", "Incoming", "Active", "Deferred", "Hold");
    assertThat(queue.legend().get(3).maxPerMinute()).isEqualTo(7.0);
    assertThat(queue.legend().get(3).averagePerMinute()).isCloseTo(7.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(queue.legend().get(3).total()).isNaN();
    RenderedGraph tls = graphs.render(GraphRequest.of(GraphKind.TLS, null, GraphPeriod.DAY, now, 540, 96));
    assertThat(Math.round(tls.legend().get(2).total())).isEqualTo(6 * 3600 / 11 + 1);
    assertThat(graphs.available(GraphKind.QUEUE, null)).isTrue();
    assertThat(graphs.available(GraphKind.REJECTS, "mx")).isFalse();
  }
}
