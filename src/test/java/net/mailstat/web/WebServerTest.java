package net.mailstat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.rrd.GraphRenderer;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.rrd.RrdRecorder;
import net.mailstat.rrd.RrdSettings;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDbPool;

class WebServerTest {
  /** A multiple of 3360 s, so that day and week rows start on it. */
  private static final long T0 = 1_772_359_200L - Math.floorMod(1_772_359_200L, 3360);
  private static final long NOW = T0 + 10 * 3360;

  @TempDir Path dir;
  private final AtomicReference<StatFileContent> counts = new AtomicReference<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private WebServer server;
  private long sentFed;
  private long spamFedMx1;

  @BeforeEach
  void start() throws IOException {
    RrdDbPool pool = new RrdDbPool();
    Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    try (RrdRecorder r = RrdRecorder.open(RrdSettings.of(dir, "mailstat", true), pool, clock)) {
      for (long t = T0; t < T0 + 5 * 3360; t += 11) {
        int n = (int) (t % 3);
        r.record(Category.SENT, t, t % 2 == 0 ? "mx1" : "mx2", n);
        sentFed += n;
        r.record(Category.SPAM, t, "mx1", 1);
        spamFedMx1++;
        r.record(Category.GREYLISTED, t, "mx2", 1);
      }
      r.flush();
    }
    GraphRenderer graphs = new GraphRenderer(pool, new RrdFiles(dir, "mailstat"), ZoneOffset.UTC);
    WebSettings settings = new WebSettings(new InetSocketAddress("127.0.0.1", 0), "mail.example.org", 300,
        Duration.ofSeconds(60));
    server = WebServer.start(settings, graphs, counts::get, clock);
  }

  /** A stat file with these counters and nothing else. */
  private static StatFileContent content(CounterSnapshot c) {
    String line = StatLine.format(c, java.util.Map.of());
    return new StatFileContent(line, StatLine.parseFields(line));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void thePageHasSixteenGraphsTheTitleAndTheHosts() throws Exception {
    HttpResponse<byte[]> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    String html = text(r);
    assertThat(html).contains("<title>Mail statistics for mail.example.org</title>")
        .contains("http-equiv=\"refresh\" content=\"300\"")
        .contains("href=\"host/mx1/\"").contains("href=\"host/mx2/\"");
    assertThat(html.split("<img ", -1)).hasSize(17);
    for (String kind : new String[] {"traffic", "errors", "filtered", "greylist"}) {
      for (String period : new String[] {"day", "week", "month", "year"}) {
        assertThat(html).contains("src=\"graph/" + kind + "-" + period + ".png\"");
      }
    }
  }

  @Test
  void graphsArePngsAndTheirLegendTotalsAreTheEventsFed() throws Exception {
    HttpResponse<byte[]> png = get("/graph/traffic-day.png");
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
    String json = text(get("/graph/traffic-week.json"));
    assertThat(json).contains("\"label\": \"Sent\", \"total\": " + sentFed + ".0000");
    String host = text(get("/host/mx1/graph/filtered-day.json"));
    assertThat(host).contains("\"label\": \"Spam\", \"total\": " + spamFedMx1 + ".0000");
  }

  @Test
  void perHostPagesExistOnlyForKnownHosts() throws Exception {
    assertThat(text(get("/host/mx1/"))).contains("<h1>Mail statistics for mx1</h1>");
    assertThat(get("/host/nosuch/").statusCode()).isEqualTo(404);
    assertThat(get("/host/nosuch/graph/traffic-day.png").statusCode()).isEqualTo(404);
  }

  @Test
  void badRequestsGetFourHundredsWithOneLineAndNoFile() throws Exception {
    String[][] cases = {
        {"/graph/nosuch-day.png", "404"},
        {"/graph/traffic-decade.png", "404"},
        {"/graph/traffic-day.png?width=99999", "400"},
        {"/graph/traffic-day.png?height=abc", "400"},
        {"/graph/traffic.png?start=yesterdayish", "400"},
        {"/graph/traffic.png?start=now-30years", "400"},
        {"/graph/traffic.png?start=now-1s", "400"},
        {"/host/..%2F..%2Fetc/graph/traffic-day.png", "404"},
        {"/host/../graph/traffic-day.png", "404"},
        {"/mailstat.rrd", "404"},
        {"/graph/../mailstat.rrd", "404"},
        {"/etc/passwd", "404"},
    };
    for (String[] c : cases) {
      HttpResponse<byte[]> r = get(c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      String body = text(r);
      assertThat(body.strip()).as(c[0]).doesNotContain("\n").doesNotContain("Exception").doesNotContain("RRD4J");
    }
    HttpResponse<byte[]> post = send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aCustomRangeIsDrawn() throws Exception {
    HttpResponse<byte[]> r = get("/graph/errors.png?start=" + T0 + "&end=" + (T0 + 3 * 3600) + "&width=300&height=80");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void nearlyEqualCustomRangesAreOneRenderAndOneCacheEntry() throws Exception {
    for (int second = 1; second <= 5; second++) {
      HttpResponse<byte[]> r = get("/graph/traffic.json?start=" + (T0 + second) + "&end=" + (T0 + 3600 + second));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(text(r)).contains("\"start\": " + T0 + ", \"end\": " + (T0 + 3600) + ",");
    }
    assertThat(server.cachedGraphs()).isEqualTo(1);
  }

  @Test
  void slowAndSilentClientsDoNotHoldUpOthers() throws Exception {
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        Socket silent = connect();
        clients.add(silent);
        Socket slow = connect();
        slow.getOutputStream().write("GET /api/counters HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        slow.getOutputStream().flush();
        clients.add(slow);
      }
      counts.set(content(CounterSnapshot.zero().with(Category.SENT, 7)));
      HttpRequest request = HttpRequest.newBuilder(uri("/api/counters")).timeout(Duration.ofSeconds(3)).GET().build();
      HttpResponse<byte[]> r = send(request);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(text(r)).startsWith("{\"sent\": 7,");
    } finally {
      for (Socket c : clients) {
        c.close();
      }
    }
  }

  @Test
  void aRequestNotSentInTimeAndASilentConnectionAreClosed() throws Exception {
    try (Socket slow = connect(); Socket silent = connect()) {
      slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      long deadline = HttpLimits.MAX_REQUEST_SECONDS + 3;
      slow.setSoTimeout((int) (deadline * 1000));
      silent.setSoTimeout((int) (deadline * 1000));
      assertThat(readToEnd(slow)).as("the slow request is closed unanswered").isEmpty();
      assertThat(readToEnd(silent)).as("the silent connection is closed").isEmpty();
    }
  }

  @Test
  void anOversizedRequestHeadIsNotServed() throws Exception {
    counts.set(content(CounterSnapshot.zero()));
    try (Socket big = connect()) {
      big.setSoTimeout(5000);
      String head = "GET /api/counters HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(HttpLimits.MAX_REQUEST_HEAD_BYTES)
          + "\r\n\r\n";
      big.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      big.getOutputStream().flush();
      assertThat(new String(readToEnd(big), StandardCharsets.US_ASCII)).doesNotContain("200 OK");
    }
    assertThat(get("/api/counters").statusCode()).as("still serving").isEqualTo(200);
  }

  private Socket connect() throws IOException {
    return new Socket("127.0.0.1", server.address().getPort());
  }

  /** What the server sent until it closed the connection (a reset counts as closed). */
  private static byte[] readToEnd(Socket s) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (SocketException reset) {
      return got.toByteArray();
    }
    return got.toByteArray();
  }

  @Test
  void countersAndMetricsComeFromTheSupplier() throws Exception {
    assertThat(get("/api/counters").statusCode()).isEqualTo(503);
    counts.set(content(CounterSnapshot.zero().with(Category.SENT, 12).with(Category.DELAYED, 3)));
    assertThat(text(get("/api/counters"))).isEqualTo("{\"sent\": 12, \"received\": 0, \"bounced\": 0, "
        + "\"rejected\": 0, \"virus\": 0, \"spam\": 0, \"delivered\": 0, \"greylisted\": 0, \"delayed\": 3, \"details\": {\"reject\": {}, \"deferral\": {}, \"postscreen\": {}, \"tls\": {}, "
        + "\"sasl\": {}, \"spf\": {}, \"dkim\": {}, \"dmarc\": {}, \"delay\": {}}}\n");
    HttpResponse<byte[]> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text(metrics)).contains("# TYPE mailstat_messages_total counter\n")
        .contains("mailstat_messages_total{category=\"sent\"} 12\n")
        .contains("mailstat_messages_total{category=\"delayed\"} 3\n")
        .as("no RRD history, no drop count").doesNotContain("mailstat_rrd_events_dropped_total");
    java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong(5);
    server.rrdDropped(dropped::get);
    dropped.addAndGet(2);
    assertThat(text(get("/metrics"))).contains("# TYPE mailstat_rrd_events_dropped_total counter\n")
        .contains("mailstat_rrd_events_dropped_total 7\n");
  }

  @Test
  void detailsAreServedByFamilyOnBothEndpoints() throws Exception {
    counts.set(new StatFileContent("rejected:7", java.util.Map.of("rejected", 7L), java.util.Map.of(), java.util.Map.of(
        new DetailKey(DetailFamily.REJECT, "rbl-zen.spamhaus.org"), 5L,
        new DetailKey(DetailFamily.REJECT, "other"), 2L,
        new DetailKey(DetailFamily.DEFERRAL, "greylisted"), 4L,
        new DetailKey(DetailFamily.TLS, "inbound-verified"), 3L,
        new DetailKey(DetailFamily.DMARC, "fail"), 1L)));
    assertThat(text(get("/api/counters"))).contains("\"details\": {\"reject\": {")
        .contains("\"rbl-zen.spamhaus.org\": 5").contains("\"other\": 2")
        .contains("\"deferral\": {\"greylisted\": 4}").contains("\"tls\": {\"inbound-verified\": 3}")
        .contains("\"dmarc\": {\"fail\": 1}, \"delay\": {}}");
    assertThat(text(get("/metrics")))
        .contains("# TYPE mailstat_rejects_total counter\n")
        .contains("mailstat_rejects_total{reason=\"rbl-zen.spamhaus.org\"} 5\n")
        .contains("mailstat_rejects_total{reason=\"other\"} 2\n")
        .contains("# TYPE mailstat_deferrals_total counter\n")
        .contains("mailstat_deferrals_total{reason=\"greylisted\"} 4\n")
        .contains("mailstat_tls_connections_total{direction=\"inbound\",trust=\"verified\"} 3\n")
        .contains("mailstat_dmarc_results_total{result=\"fail\"} 1\n")
        .contains("# TYPE mailstat_sasl_failures_total counter\n")
        .contains("# TYPE mailstat_delivery_delay_seconds histogram\n")
        .contains("mailstat_delivery_delay_seconds_count{stage=\"total\"} 0\n");
  }
}
