package net.mailstat.rrd;

import static net.mailstat.rrd.RrdtoolInteropIT.assertSameValues;
import static net.mailstat.rrd.RrdtoolInteropIT.mailstat;
import static net.mailstat.rrd.RrdtoolInteropIT.ok;
import static net.mailstat.rrd.RrdtoolInteropIT.rrdtool;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.queue.QueueTotals;
import net.mailstat.testing.MailstatJar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDbPool;

/**
 * The rejects, TLS and queue databases (docs/rrd.md) as the real rrdtool sees them: a mailstat dump
 * restores with rrdtool, whose info and fetch show the same data sources, types and values as
 * mailstat's fetch, and whose values are what was recorded; an rrdtool dump restores with mailstat.
 */
class FamilyFilesRrdtoolIT {
  /** A multiple of 3360 s, so that day- and week-archive rows start on it. */
  private static final long T0 = 1_772_359_200L - Math.floorMod(1_772_359_200L, 3360);
  private static final long HOURS = 3;
  private static final String[] REASONS = {"relay-denied", "rbl-zen.spamhaus.org", "unknown-recipient",
      "a-site-reason", "rbl-bl.spamcop.net"};

  @TempDir Path dir;
  private final Map<String, Long> fedRejects = new java.util.TreeMap<>();
  private long fedInboundVerified;

  private RrdFiles files() {
    return new RrdFiles(dir.resolve("rrd"), "mailstat");
  }

  @BeforeEach
  void record() throws Exception {
    MutableClock clock = new MutableClock(T0);
    Random random = new Random(3);
    try (RrdRecorder r = RrdRecorder.open(RrdSettings.of(dir.resolve("rrd"), "mailstat", false).withFamilies(),
        new RrdDbPool(), clock)) {
      for (long t = T0; t < T0 + HOURS * 3600; t += 13) {
        clock.set(t);
        DetailKey reason = new DetailKey(DetailFamily.REJECT, REASONS[random.nextInt(REASONS.length)]);
        r.detail(reason, t, "mx", 1);
        fedRejects.merge(FamilyDatabase.sourceOf(reason).orElseThrow(), 1L, Long::sum);
        int verified = random.nextInt(3);
        r.detail(new DetailKey(DetailFamily.TLS, "inbound-verified"), t, "mx", verified);
        fedInboundVerified += verified;
        if (t % 60 < 13) {
          // Postfix is down in the second hour
          r.queueSample(t >= T0 + 3600 && t < T0 + 7200 ? new QueueSnapshot(t, Map.of(), 0, "mail system is down")
              : up(t, 4 + (t - T0) / 3600));
        }
      }
      clock.set(T0 + (HOURS + 1) * 3600);
      r.flush();
    }
  }

  private static QueueSnapshot up(long t, long deferred) {
    Map<QueueName, QueueTotals> q = new EnumMap<>(QueueName.class);
    q.put(QueueName.DEFERRED, new QueueTotals(deferred, deferred * 2000, 300));
    return new QueueSnapshot(t, q, 0, null);
  }

  /** mailstat's file, dumped by mailstat and restored by rrdtool. */
  private Path restoredByRrdtool(Path ours) throws Exception {
    Path xml = dir.resolve(ours.getFileName() + ".xml");
    Files.writeString(xml, ok(mailstat("rrd", "dump", ours.toString())));
    Path restored = dir.resolve("restored-" + ours.getFileName());
    rrdtool("restore", xml.toString(), restored.toString());
    return restored;
  }

  private static FetchOutput fetch(boolean withRrdtool, Path file, String cf, long s, long e) throws Exception {
    String[] args = {file.toString(), cf, "-s", Long.toString(s), "-e", Long.toString(e), "-r", "480"};
    if (withRrdtool) {
      return FetchOutput.parse(rrdtool("fetch", args[0], args[1], args[2], args[3], args[4], args[5], args[6],
          args[7]));
    }
    String[] all = new String[args.length + 2];
    all[0] = "rrd";
    all[1] = "fetch";
    System.arraycopy(args, 0, all, 2, args.length);
    return FetchOutput.parse(ok(mailstat(all)));
  }

  private static long sum(FetchOutput f, int column, long step) {
    double total = 0;
    for (double[] v : f.rows().values()) {
      if (!Double.isNaN(v[column])) {
        total += v[column] * step;
      }
    }
    return Math.round(total);
  }

  @Test
  void theRejectsFileReadsTheSameInRrdtoolAndHoldsEveryReject() throws Exception {
    Path ours = files().path(FamilyDatabase.REJECTS, null);
    Path theirs = restoredByRrdtool(ours);
    String info = rrdtool("info", theirs.toString());
    for (FamilyDatabase.Source s : FamilyDatabase.REJECTS.sources()) {
      assertThat(info).contains("ds[" + s.name() + "].type = \"ABSOLUTE\"");
    }
    assertThat(info).contains("step = 60").contains("rra[0].pdp_per_row = 8").contains("ds[rbl].minimal_heartbeat = 120");
    for (String cf : new String[] {"AVERAGE", "MAX"}) {
      FetchOutput rrdtoolSees = fetch(true, theirs, cf, T0, T0 + HOURS * 3600);
      FetchOutput mailstatSees = fetch(false, ours, cf, T0, T0 + HOURS * 3600);
      assertThat(rrdtoolSees.names()).containsExactlyElementsOf(
          FamilyDatabase.REJECTS.sources().stream().map(FamilyDatabase.Source::name).toList());
      assertSameValues(mailstatSees, rrdtoolSees, FamilyDatabase.REJECTS.sources().size());
    }
    FetchOutput rrdtoolSees = fetch(true, theirs, "AVERAGE", T0, T0 + HOURS * 3600);
    for (Map.Entry<String, Long> fed : fedRejects.entrySet()) {
      int column = rrdtoolSees.names().indexOf(fed.getKey());
      assertThat(sum(rrdtoolSees, column, 480)).as(fed.getKey()).isEqualTo(fed.getValue());
    }
    assertThat(fedRejects).containsOnlyKeys("relay_denied", "rbl", "unknown_recipient", "other");
  }

  /** {@code mailstat rrd info} and {@code report} on the family files, named as a user in their directory would. */
  @Test
  void infoAndReportShowTheFamiliesAsRrdtoolDoes() throws Exception {
    Path rrdDir = files().path(FamilyDatabase.REJECTS, null).getParent();
    String name = files().path(FamilyDatabase.REJECTS, null).getFileName().toString();
    String info = ok(MailstatJar.runIn(rrdDir, Duration.ofSeconds(60), "rrd", "info", name));
    String theirs = rrdtool("info", restoredByRrdtool(rrdDir.resolve(name)).toString());
    for (FamilyDatabase.Source s : FamilyDatabase.REJECTS.sources()) {
      assertThat(info).contains("ds[" + s.name() + "].type = \"ABSOLUTE\"");
      assertThat(theirs).contains("ds[" + s.name() + "].type = \"ABSOLUTE\"");
    }
    String report = ok(MailstatJar.runIn(rrdDir, Duration.ofSeconds(60), "rrd", "report", name, "-s",
        Long.toString(T0), "-e", Long.toString(T0 + HOURS * 3600), "-r", "480"));
    java.util.List<String> header = java.util.List.of(report.lines().findFirst().orElseThrow().trim().split("\\s+"));
    String[] total = report.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow().trim().split("\\s+");
    for (Map.Entry<String, Long> fed : fedRejects.entrySet()) {
      assertThat(Math.round(Double.parseDouble(total[header.indexOf(fed.getKey())]))).as(fed.getKey())
          .isEqualTo(fed.getValue());
    }
    String queues = ok(MailstatJar.runIn(rrdDir, Duration.ofSeconds(60), "rrd", "report",
        files().path(FamilyDatabase.QUEUES, null).getFileName().toString(), "-s", Long.toString(T0), "-e",
        Long.toString(T0 + HOURS * 3600), "-r", "480"));
    assertThat(queues).as("gauges have no total").containsPattern("(?m)^total +- +- +- +- +-$");
    assertThat(queues).as("Postfix down: unknown, not 0").containsPattern("(?m)^\\S+ \\S+ +- +- +- +- +-$");
  }

  @Test
  void theTlsFileReadsTheSameInRrdtool() throws Exception {
    Path ours = files().path(FamilyDatabase.TLS, null);
    Path theirs = restoredByRrdtool(ours);
    FetchOutput rrdtoolSees = fetch(true, theirs, "AVERAGE", T0, T0 + HOURS * 3600);
    assertSameValues(fetch(false, ours, "AVERAGE", T0, T0 + HOURS * 3600), rrdtoolSees, 9);
    assertThat(sum(rrdtoolSees, rrdtoolSees.names().indexOf("inbound_verified"), 480)).isEqualTo(fedInboundVerified);
    assertThat(sum(rrdtoolSees, rrdtoolSees.names().indexOf("outbound_anonymous"), 480)).isZero();
  }

  @Test
  void theQueueFileIsGaugesInRrdtoolUnknownWhilePostfixWasDown() throws Exception {
    Path ours = files().path(FamilyDatabase.QUEUES, null);
    Path theirs = restoredByRrdtool(ours);
    String info = rrdtool("info", theirs.toString());
    for (QueueName q : QueueName.values()) {
      assertThat(info).contains("ds[" + q.key() + "].type = \"GAUGE\"");
    }
    assertThat(info).contains("ds[deferred].minimal_heartbeat = 600");
    FetchOutput rrdtoolSees = fetch(true, theirs, "AVERAGE", T0, T0 + HOURS * 3600);
    assertSameValues(fetch(false, ours, "AVERAGE", T0, T0 + HOURS * 3600), rrdtoolSees, 5);
    int deferred = rrdtoolSees.names().indexOf("deferred");
    int hold = rrdtoolSees.names().indexOf("hold");
    int checked = 0;
    for (Map.Entry<Long, double[]> row : rrdtoolSees.rows().entrySet()) {
      long end = row.getKey();
      long start = end - 480;
      if (start >= T0 + 480 && end <= T0 + 3600) {
        assertThat(row.getValue()[deferred]).as("row %d", end).isEqualTo(4.0);
        assertThat(row.getValue()[hold]).as("row %d", end).isZero();
        checked++;
      } else if (start >= T0 + 3600 && end <= T0 + 7200) {
        assertThat(row.getValue()[deferred]).as("row %d, Postfix down", end).isNaN();
        checked++;
      } else if (start >= T0 + 7200 && end <= T0 + 3 * 3600) {
        assertThat(row.getValue()[deferred]).as("row %d", end).isEqualTo(6.0);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(18);
  }

  @Test
  void anRrdtoolDumpOfTheNewFilesRestoresWithMailstat() throws Exception {
    for (FamilyDatabase db : FamilyDatabase.values()) {
      Path theirs = restoredByRrdtool(files().path(db, null));
      Path xml = dir.resolve("rrdtool-" + db + ".xml");
      Files.writeString(xml, rrdtool("dump", theirs.toString()));
      Path back = dir.resolve("back-" + db + ".rrd");
      ok(mailstat("rrd", "restore", xml.toString(), back.toString()));
      assertSameValues(fetch(true, theirs, "AVERAGE", T0, T0 + HOURS * 3600),
          fetch(false, back, "AVERAGE", T0, T0 + HOURS * 3600), db.sources().size());
    }
  }
}
