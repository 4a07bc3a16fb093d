package net.mailstat.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mailstat.testing.MailstatJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mailstat's rrd tools against the real rrdtool: import, fetch, dump, restore. */
class RrdtoolInteropIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Minute-aligned, like mailgraph's updates. */
  private static final long START = 1_700_000_040L;
  private static final int MINUTES = 3 * 1440;

  @TempDir Path dir;

  static String rrdtool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("rrdtool"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("rrdtool %s: %s", String.join(" ", args), text).isZero();
    return text;
  }

  static MailstatJar.Result mailstat(String... args) throws IOException, InterruptedException {
    return MailstatJar.run(TIMEOUT, args);
  }

  static String ok(MailstatJar.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout();
  }

  /** A mailgraph.rrd as mailgraph 1.14 creates it, with three days of per-minute counts. */
  private Path mailgraphRrd() throws IOException, InterruptedException {
    Path rrd = dir.resolve("mailgraph.rrd");
    List<String> create = new ArrayList<>(List.of("create", rrd.toString(), "--start", Long.toString(START),
        "--step", "60"));
    for (String ds : new String[] {"sent", "recv", "bounced", "rejected"}) {
      create.add("DS:" + ds + ":ABSOLUTE:120:0:U");
    }
    for (String cf : new String[] {"AVERAGE", "MAX"}) {
      for (int steps : new int[] {8, 56, 280, 3360}) {
        create.add("RRA:" + cf + ":0.5:" + steps + ":198");
      }
    }
    rrdtool(create.toArray(String[]::new));
    java.util.Random random = new java.util.Random(6);
    List<String> batch = new ArrayList<>(List.of("update", rrd.toString()));
    for (int m = 1; m <= MINUTES; m++) {
      batch.add((START + 60L * m) + ":" + random.nextInt(9) + ":" + random.nextInt(12) + ":" + random.nextInt(2)
          + ":" + random.nextInt(5));
      if (batch.size() == 500 || m == MINUTES) {
        rrdtool(batch.toArray(String[]::new));
        batch = new ArrayList<>(List.of("update", rrd.toString()));
      }
    }
    return rrd;
  }

  static void assertSameValues(FetchOutput expected, FetchOutput actual, int columns) {
    assertThat(actual.rows().keySet()).containsExactlyElementsOf(expected.rows().keySet());
    assertThat(expected.knownRows()).isGreaterThan(5);
    for (Long t : expected.rows().keySet()) {
      double[] e = expected.rows().get(t);
      double[] a = actual.rows().get(t);
      for (int c = 0; c < columns; c++) {
        if (Double.isNaN(e[c])) {
          assertThat(a[c]).as("row %d column %d", t, c).isNaN();
        } else {
          assertThat(a[c]).as("row %d column %d", t, c).isCloseTo(e[c], within(1e-9 + Math.abs(e[c]) * 1e-9));
        }
      }
    }
  }

  @Test
  void anImportedMailgraphFileFetchesLikeRrdtool() throws Exception {
    Path rrd = mailgraphRrd();
    Path target = dir.resolve("rrd");
    String report = ok(mailstat("rrd", "import", "--rrd-dir", target.toString(), "--rrd-name", "mailstat",
        rrd.toString()));
    assertThat(report).contains("mail database").contains("'delivered' added");
    Path imported = target.resolve("mailstat.rrd");
    String[][] ranges = {
        {"AVERAGE", Long.toString(START + 3600), Long.toString(START + 6 * 3600), "480"},
        {"MAX", Long.toString(START + 86_400), Long.toString(START + 2 * 86_400), "480"},
        {"AVERAGE", Long.toString(START), Long.toString(START + MINUTES * 60L), "3360"},
        {"MAX", "end-2d", Long.toString(START + MINUTES * 60L), "3360"},
        {"AVERAGE", Long.toString(START), Long.toString(START + MINUTES * 60L), "16800"},
    };
    for (String[] r : ranges) {
      FetchOutput expected = FetchOutput.parse(rrdtool("fetch", rrd.toString(), r[0], "-s", r[1], "-e", r[2], "-r", r[3]));
      FetchOutput actual = FetchOutput.parse(ok(mailstat("rrd", "fetch", imported.toString(), r[0], "-s", r[1], "-e",
          r[2], "-r", r[3])));
      assertThat(actual.names()).containsExactly("sent", "recv", "bounced", "rejected", "delivered");
      assertSameValues(expected, actual, 4);
      assertThat(actual.rows().values()).allSatisfy(v -> assertThat(v[4]).isNaN());
    }
    assertThat(ok(mailstat("rrd", "info", imported.toString()))).contains("ds[delivered].type = \"ABSOLUTE\"")
        .contains("rra[0].pdp_per_row = 8").contains("step = 60");
  }

  @Test
  void anXmlDumpImportsLikeTheBinaryFile() throws Exception {
    Path rrd = mailgraphRrd();
    Path xml = dir.resolve("mailgraph.xml");
    Files.writeString(xml, rrdtool("dump", rrd.toString()));
    Path target = dir.resolve("rrd");
    ok(mailstat("rrd", "import", "--rrd-dir", target.toString(), xml.toString()));
    String s = Long.toString(START + 86_400);
    String e = Long.toString(START + 2 * 86_400);
    assertSameValues(FetchOutput.parse(rrdtool("fetch", rrd.toString(), "AVERAGE", "-s", s, "-e", e, "-r", "480")),
        FetchOutput.parse(ok(mailstat("rrd", "fetch", target.resolve("mailstat.rrd").toString(), "AVERAGE", "-s", s,
            "-e", e, "-r", "480"))), 4);
  }

  @Test
  void aMailstatDumpRestoresWithRrdtoolAndFetchesTheSame() throws Exception {
    Path rrd = mailgraphRrd();
    Path target = dir.resolve("rrd");
    ok(mailstat("rrd", "import", "--rrd-dir", target.toString(), rrd.toString()));
    Path xml = dir.resolve("dump.xml");
    Files.writeString(xml, ok(mailstat("rrd", "dump", target.resolve("mailstat.rrd").toString())));
    Path restored = dir.resolve("restored.rrd");
    rrdtool("restore", xml.toString(), restored.toString());
    for (String cf : new String[] {"AVERAGE", "MAX"}) {
      String s = Long.toString(START + 3600);
      String e = Long.toString(START + MINUTES * 60L);
      FetchOutput ours = FetchOutput.parse(ok(mailstat("rrd", "fetch", target.resolve("mailstat.rrd").toString(), cf,
          "-s", s, "-e", e, "-r", "480")));
      FetchOutput theirs = FetchOutput.parse(rrdtool("fetch", restored.toString(), cf, "-s", s, "-e", e, "-r", "480"));
      assertThat(theirs.names()).containsExactly("sent", "recv", "bounced", "rejected", "delivered");
      assertSameValues(ours, theirs, 5);
    }
  }

  @Test
  void mailstatRestoreReadsAnRrdtoolDump() throws Exception {
    Path rrd = mailgraphRrd();
    Path xml = dir.resolve("mailgraph.xml");
    Files.writeString(xml, rrdtool("dump", rrd.toString()));
    Path restored = dir.resolve("restored.rrd");
    ok(mailstat("rrd", "restore", xml.toString(), restored.toString()));
    String s = Long.toString(START + 7200);
    String e = Long.toString(START + 30_000);
    assertSameValues(FetchOutput.parse(rrdtool("fetch", rrd.toString(), "MAX", "-s", s, "-e", e, "-r", "480")),
        FetchOutput.parse(ok(mailstat("rrd", "fetch", restored.toString(), "MAX", "-s", s, "-e", e, "-r", "480"))), 4);
    MailstatJar.Result again = mailstat("rrd", "restore", xml.toString(), restored.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains("exists (use --force to overwrite)");
  }

  @Test
  void theReportTotalsTheMessagesOfEachSource() throws Exception {
    Path rrd = mailgraphRrd();
    Path target = dir.resolve("rrd");
    ok(mailstat("rrd", "import", "--rrd-dir", target.toString(), rrd.toString()));
    String s = Long.toString(START + 86_400 - Math.floorMod(START + 86_400, 480));
    String e = Long.toString(START + 2 * 86_400);
    FetchOutput fetched = FetchOutput.parse(rrdtool("fetch", rrd.toString(), "AVERAGE", "-s", s, "-e", e, "-r", "480"));
    Long[] times = fetched.rows().keySet().toArray(Long[]::new);
    long step = times[1] - times[0];
    double sent = fetched.rows().values().stream().filter(v -> !Double.isNaN(v[0])).mapToDouble(v -> v[0] * step).sum();
    String report = ok(mailstat("rrd", "report", target.resolve("mailstat.rrd").toString(), "-s", s, "-e", e, "-r",
        "480", "--timezone", "UTC"));
    String totalLine = report.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(totalLine.trim().split("\\s+")[1])).isCloseTo(sent, within(0.05));
    assertThat(sent).isGreaterThan(1000);
  }

  @Test
  void userMistakesGetOneLineAndExitOne() throws Exception {
    Path rrd = mailgraphRrd();
    String[][] cases = {
        {"no such file", "rrd", "fetch", dir.resolve("nope.rrd").toString(), "AVERAGE"},
        {"rrdtool file", "rrd", "fetch", rrd.toString(), "AVERAGE"},
        {"unknown consolidation function", "rrd", "info", "x"},
        {"bad start time", "rrd", "fetch", rrd.toString(), "AVERAGE", "-s", "yesterdayish"},
        {"not a mailgraph database", "rrd", "import", "--rrd-dir", dir.resolve("o").toString(), notMailgraph()},
    };
    for (String[] c : cases) {
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      if (c[0].startsWith("unknown consolidation")) {
        Path target = dir.resolve("r2");
        ok(mailstat("rrd", "import", "--rrd-dir", target.toString(), rrd.toString()));
        args = new String[] {"rrd", "fetch", target.resolve("mailstat.rrd").toString(), "MEDIAN"};
      }
      MailstatJar.Result r = mailstat(args);
      assertThat(r.exitCode()).as(c[0]).isEqualTo(1);
      assertThat(r.stderr().strip()).as(c[0]).startsWith("mailstat: ").contains(c[0]).doesNotContain("\n")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aRecorderRefusesAnRrdtoolFileInItsDirectory() throws Exception {
    Path rrd = dir.resolve("rrd");
    Files.createDirectories(rrd);
    Files.copy(mailgraphRrd(), rrd.resolve("mailstat.rrd"));
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "Nov 23 10:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 554 5.7.1"
        + " <a@b>: Relay access denied; from=<c@d> to=<a@b> proto=ESMTP helo=<x>\n");
    MailstatJar.Result r = mailstat("rrd", "update-from-log", "--rrd-dir", rrd.toString(), log.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).isEqualTo("mailstat: " + rrd.resolve("mailstat.rrd")
        + " is an rrdtool file; bring it over with 'mailstat rrd import'");
  }

  @Test
  void importForAHostWritesThePerHostSet() throws Exception {
    Path rrd = dir.resolve("rrd");
    ok(mailstat("rrd", "import", "--rrd-dir", rrd.toString(), "--for-host", "MX1.Example.org", mailgraphRrd().toString()));
    assertThat(rrd.resolve("hosts/mx1.example.org/mailstat.rrd")).exists();
    assertThat(rrd.resolve("mailstat.rrd")).doesNotExist();
  }

  private String notMailgraph() throws IOException, InterruptedException {
    Path other = dir.resolve("other.rrd");
    rrdtool("create", other.toString(), "--start", Long.toString(START), "--step", "300", "DS:load:GAUGE:600:0:U",
        "RRA:AVERAGE:0.5:1:10");
    return other.toString();
  }
}
