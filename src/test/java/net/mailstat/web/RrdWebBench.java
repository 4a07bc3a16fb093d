package net.mailstat.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.mailstat.count.Category;
import net.mailstat.rrd.Database;
import net.mailstat.rrd.GraphKind;
import net.mailstat.rrd.GraphPeriod;
import net.mailstat.rrd.GraphRenderer;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.rrd.RrdRecorder;
import net.mailstat.rrd.RrdSettings;
import org.rrd4j.core.RrdDbPool;

/**
 * Benchmark for docs/benchmarks.md, "RRD and web" (run by scripts/bench-rrdweb): the cost of one
 * minute of RRD updates (mail, virus and greylist databases) against rrdtool 1.7 updating the same
 * layout, and the time to render the page's 16 graphs against rrdtool graph drawing the same
 * series. Prints a markdown table.
 */
public final class RrdWebBench {
  /** mailgraph.cgi's four graphs, the page this bench compares with rrdtool's. */
  private static final List<GraphKind> MAILGRAPH_KINDS =
      List.of(GraphKind.TRAFFIC, GraphKind.ERRORS, GraphKind.FILTERED, GraphKind.GREYLIST);
  private static final long START = 1_767_225_600L; // 2026-01-01T00:00Z, a multiple of 3360 s
  private static final Category[] MIX = {
      Category.RECEIVED, Category.RECEIVED, Category.DELIVERED, Category.SENT, Category.SPAM, Category.REJECTED,
      Category.REJECTED, Category.BOUNCED, Category.VIRUS, Category.GREYLISTED, Category.DELAYED};

  private RrdWebBench() {}

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("rrdweb-bench");
    int minutes = days * 1440;
    long end = START + minutes * 60L;

    // 1. updates: events at ~20 per minute through the recorder, timed per minute written
    RrdDbPool pool = new RrdDbPool();
    Clock clock = Clock.fixed(Instant.ofEpochSecond(end + 86_400), ZoneOffset.UTC);
    Random random = new Random(1);
    long t0 = System.nanoTime();
    long events = 0;
    try (RrdRecorder r = RrdRecorder.open(RrdSettings.of(dir.resolve("ours"), "mailstat", false), pool, clock)) {
      for (long t = START; t < end; t += 3) {
        r.record(MIX[random.nextInt(MIX.length)], t, "mx", 1);
        events++;
      }
    }
    double oursMicrosPerMinute = (System.nanoTime() - t0) / 1e3 / minutes;

    // reference: rrdtool updating mailgraph's layout, 500 samples per call (amortising the process start)
    Path ref = dir.resolve("rrdtool");
    Files.createDirectories(ref);
    random = new Random(1);
    long r0 = System.nanoTime();
    for (Database db : Database.values()) {
      Path file = ref.resolve(db.fileName("mailgraph"));
      List<String> create = new ArrayList<>(List.of("rrdtool", "create", file.toString(), "--start",
          Long.toString(START), "--step", "60"));
      for (Database.Source s : db.sources()) {
        create.add("DS:" + s.name() + ":ABSOLUTE:120:0:U");
      }
      for (String cf : new String[] {"AVERAGE", "MAX"}) {
        for (int steps : new int[] {8, 56, 280, 3360}) {
          create.add("RRA:" + cf + ":0.5:" + steps + ":198");
        }
      }
      run(create);
      List<String> batch = new ArrayList<>();
      for (int m = 1; m <= minutes; m++) {
        StringBuilder sample = new StringBuilder(Long.toString(START + 60L * m));
        for (int i = 0; i < db.sources().size(); i++) {
          sample.append(':').append(random.nextInt(5));
        }
        batch.add(sample.toString());
        if (batch.size() == 500 || m == minutes) {
          List<String> cmd = new ArrayList<>(List.of("rrdtool", "update", file.toString()));
          cmd.addAll(batch);
          run(cmd);
          batch.clear();
        }
      }
    }
    double refMicrosPerMinute = (System.nanoTime() - r0) / 1e3 / minutes;

    // 2. the page: 16 PNGs over HTTP with the cache off, then warm (cached)
    GraphRenderer graphs = new GraphRenderer(pool, new RrdFiles(dir.resolve("ours"), "mailstat"), ZoneOffset.UTC);
    Clock pageClock = Clock.fixed(Instant.ofEpochSecond(end), ZoneOffset.UTC);
    double[] cold = new double[rounds];
    double[] warm = new double[rounds];
    HttpClient http = HttpClient.newHttpClient();
    try (WebServer cold0 = WebServer.start(settings(Duration.ZERO), graphs, () -> null, pageClock);
        WebServer cached = WebServer.start(settings(Duration.ofSeconds(600)), graphs, () -> null, pageClock)) {
      loadPage(http, cold0); // JIT and font warm-up
      loadPage(http, cached);
      for (int i = 0; i < rounds; i++) {
        cold[i] = loadPage(http, cold0);
        warm[i] = loadPage(http, cached);
      }
    }
    double[] reference = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      reference[i] = rrdtoolPage(ref, end, dir);
    }

    System.out.printf(Locale.ROOT, "%d days of minutes (%d minutes, %d events), %d page rounds, medians%n%n", days,
        minutes, events, rounds);
    System.out.println("| figure | mailstat (rrd4j) | rrdtool 1.7 | ratio |");
    System.out.println("|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| one minute of updates (3 databases) | %.1f µs | %.1f µs | %.2fx |%n",
        oursMicrosPerMinute, refMicrosPerMinute, oursMicrosPerMinute / refMicrosPerMinute);
    System.out.printf(Locale.ROOT, "| whole page, 16 graphs, cache off | %.0f ms | %.0f ms | %.2fx |%n",
        median(cold), median(reference), median(cold) / median(reference));
    System.out.printf(Locale.ROOT, "| whole page, 16 graphs, cached | %.1f ms | | |%n", median(warm));
    System.out.printf(Locale.ROOT, "| one graph, cache off | %.1f ms | %.1f ms | |%n", median(cold) / 16,
        median(reference) / 16);
  }

  private static WebSettings settings(Duration ttl) {
    return new WebSettings(new InetSocketAddress("127.0.0.1", 0), "bench", 0, ttl);
  }

  /** Milliseconds to fetch all 16 graphs, one after the other, as a browser without cache would. */
  private static double loadPage(HttpClient http, WebServer server) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    for (GraphPeriod p : GraphPeriod.values()) {
      for (GraphKind k : MAILGRAPH_KINDS) {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/graph/" + k.key() + "-" + p.key()
            + ".png");
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IllegalStateException(uri + ": " + r.statusCode());
        }
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** rrdtool graph drawing the same 16 graphs (rates, totals, averages, maxima) from its own files. */
  private static double rrdtoolPage(Path ref, long end, Path dir) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    int n = 0;
    for (GraphPeriod p : GraphPeriod.values()) {
      for (GraphKind k : MAILGRAPH_KINDS) {
        List<String> cmd = new ArrayList<>(List.of("rrdtool", "graph", dir.resolve("ref" + n++ + ".png").toString(),
            "--imgformat", "PNG", "--width", "540", "--height", Integer.toString(k.defaultHeight()), "--start",
            Long.toString(end - p.seconds()), "--end", Long.toString(end), "--vertical-label", "msgs/min",
            "--lower-limit", "0", "--units-exponent", "0"));
        String[][] series = switch (k) {
          case TRAFFIC -> new String[][] {{"mailgraph.rrd", "sent", "AREA"}, {"mailgraph.rrd", "recv", "LINE2"}};
          case ERRORS -> new String[][] {{"mailgraph.rrd", "bounced", "AREA"}, {"mailgraph.rrd", "rejected", "LINE2"}};
          case FILTERED -> new String[][] {{"mailgraph_virus.rrd", "virus", "AREA"},
              {"mailgraph_virus.rrd", "spam", "STACK"}};
          case GREYLIST -> new String[][] {{"mailgraph_greylist.rrd", "greylisted", "AREA"},
              {"mailgraph_greylist.rrd", "delayed", "LINE2"}};
          default -> throw new IllegalStateException("not one of mailgraph's graphs: " + k);
        };
        for (String[] s : series) {
          String f = ref.resolve(s[0]).toString();
          String v = s[1];
          cmd.addAll(Arrays.asList("DEF:" + v + "=" + f + ":" + v + ":AVERAGE", "DEF:m" + v + "=" + f + ":" + v + ":MAX",
              "CDEF:r" + v + "=" + v + ",60,*", "CDEF:rm" + v + "=m" + v + ",60,*",
              "VDEF:t" + v + "=" + v + ",TOTAL", s[2] + ":r" + v + "#000099:" + v,
              "GPRINT:t" + v + ":total %8.0lf msgs", "GPRINT:r" + v + ":AVERAGE:avg %5.2lf msgs/min",
              "GPRINT:rm" + v + ":MAX:max %4.0lf msgs/min\\l"));
        }
        run(cmd);
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd.subList(0, Math.min(4, cmd.size()))));
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
