package net.mailstat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.demo.DemoTraffic;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path a postmaster sees: three days of a realistic log go through
 * {@code mailstat rrd update-from-log}, {@code mailstat web} serves the page, headless chromium
 * loads it. Every graph must load, the legends must add up to the events in the log, and a
 * screenshot is kept in target/.
 */
class WebPageIT {
  private static final Path SCREENSHOT = Path.of("target/rrdweb-page.png").toAbsolutePath();
  private static final Pattern SERVING = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+/)");

  @TempDir Path dir;

  @Test
  void chromiumLoadsEveryGraphAndTheLegendsAddUpToTheLog() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    // Week-archive rows are 3360 s; a log that starts and ends on their edges fills whole rows.
    long start = floor(now - 3 * 86_400, 3360);
    long end = floor(now - 600, 3360);
    Path log = dir.resolve("mail.log");
    DemoTraffic traffic = new DemoTraffic(66, "mail", ZoneOffset.UTC);
    Random gaps = new Random(7);
    try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (long t = start; t < end - 90; t += 5 + gaps.nextInt(30)) {
        write(w, traffic.nextFlow(Instant.ofEpochSecond(t)));
      }
      // a flow in the very last minute completes the last archive row
      write(w, traffic.nextFlow(Instant.ofEpochSecond(end - 30)));
    }
    CounterSnapshot expected = traffic.expected().snapshot();
    Path rrd = dir.resolve("rrd");
    String year = Integer.toString(Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC).getYear());
    MailstatJar.Result fed = MailstatJar.run(Duration.ofSeconds(120), "rrd", "update-from-log", "--rrd-dir",
        rrd.toString(), "--timezone", "UTC", "--year", year, log.toString());
    assertThat(fed.exitCode()).as(fed.stderr()).isZero();
    assertThat(fed.stdout()).contains("0 dropped as too late");

    Path serverLog = dir.resolve("web.log");
    Process web = MailstatJar.start(serverLog, "web", "--rrd-dir", rrd.toString(), "--web", "127.0.0.1:0",
        "--stat-file", dir.resolve("none").toString(), "--title", "mx.example.org", "--graph-timezone", "UTC");
    try {
      String[] base = new String[1];
      assertThat(Poll.until(Duration.ofSeconds(30), () -> {
        Matcher m = SERVING.matcher(read(serverLog));
        if (m.find()) {
          base[0] = m.group(1);
        }
        return base[0] != null;
      })).as(read(serverLog)).isTrue();

      HttpClient http = HttpClient.newHttpClient();
      String[][] series = {
          {"traffic", "Sent", "sent"}, {"traffic", "Received", "received"},
          {"errors", "Bounced", "bounced"}, {"errors", "Rejected", "rejected"},
          {"filtered", "Viruses", "virus"}, {"filtered", "Spam", "spam"},
          {"greylist", "Greylisted", "greylisted"}, {"greylist", "Delayed", "delayed"}};
      for (String[] s : series) {
        String json = get(http, base[0] + "graph/" + s[0] + "-week.json");
        long fedCount = expected.get(Category.byKey(s[2]).orElseThrow());
        assertThat(fedCount).as(s[2]).isPositive();
        assertThat(json).as(s[1]).contains("\"label\": \"" + s[1] + "\", \"total\": " + fedCount + ".0000,");
      }
      for (String kind : new String[] {"traffic", "errors", "filtered", "greylist"}) {
        for (String period : new String[] {"day", "week", "month", "year"}) {
          String json = get(http, base[0] + "graph/" + kind + "-" + period + ".json");
          Matcher total = Pattern.compile("\"total\": ([0-9.]+)").matcher(json);
          assertThat(total.find()).as(json).isTrue();
          assertThat(Double.parseDouble(total.group(1))).as(kind + "-" + period + " has data").isPositive();
        }
      }

      String dom = chromium("--dump-dom", base[0]);
      assertThat(dom).contains("<h1>Mail statistics for mx.example.org</h1>");
      assertThat(count(dom, " data-state=\"loaded\">")).as(dom).isEqualTo(16);
      assertThat(count(dom, " data-state=\"broken\">")).isZero();

      Files.deleteIfExists(SCREENSHOT);
      chromium("--screenshot=" + SCREENSHOT, "--window-size=700,3300", "--hide-scrollbars", base[0]);
      assertThat(SCREENSHOT).exists();
      assertThat(Files.size(SCREENSHOT)).isGreaterThan(20_000);
    } finally {
      web.destroy();
      assertThat(web.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void webUserMistakesGetOneLine() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      // {what the line says, exit code (2: a bad value, 1: the command could not run), arguments...}
      String[][] cases = {
          {"--web: port out of range", "2", "--web", "127.0.0.1:99999"},
          {"--web: bad port", "2", "--web", "localhost:http"},
          {"cannot listen on 127.0.0.1:" + taken.getLocalPort(), "1", "--web", "127.0.0.1:" + taken.getLocalPort()},
          {"--rrd-name: bad RRD name", "2", "--rrd-name", "../x"},
      };
      for (String[] c : cases) {
        List<String> args = new ArrayList<>(List.of("web", "--rrd-dir", dir.toString()));
        args.addAll(List.of(c).subList(2, c.length));
        MailstatJar.Result r = MailstatJar.run(Duration.ofSeconds(30), args.toArray(String[]::new));
        assertThat(r.exitCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
        assertThat(r.stderr().strip()).as(c[0]).startsWith("mailstat: ").contains(c[0]).doesNotContain("\n");
      }
    }
  }

  private static void write(Writer w, List<String> lines) throws IOException {
    for (String line : lines) {
      w.write(line);
      w.write('\n');
    }
  }

  private static long floor(long t, long step) {
    return t - Math.floorMod(t, step);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static String get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private String chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium");
    List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--virtual-time-budget=20000"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("chromium-out.txt");
    Path err = dir.resolve("chromium-err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + read(err));
    }
    assertThat(p.exitValue()).as(read(err)).isZero();
    return read(out);
  }
}
