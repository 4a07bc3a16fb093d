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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.demo.DemoTraffic;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new installation: {@code mailstat run} reads five minutes of mail that start 5 of 8 minutes
 * into a day-graph row (the case of issue 16: 137 received shown against 103 counted), and the
 * page's day legend must agree with the counters within one message, the rejects-by-reason and
 * TLS legends with the details counted; the queue graph draws the samples of a stand-in
 * {@code postqueue -j}; the page shows the health summary beside the graphs and all seven graphs
 * of each period load. Headless chromium takes a screenshot into target/.
 */
class FreshInstallPageIT {
  private static final Path SCREENSHOT = Path.of("target/fresh-install-page.png").toAbsolutePath();
  private static final Pattern SERVING = Pattern.compile("web page on (http://127\\.0\\.0\\.1:\\d+/)");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

  @TempDir Path dir;
  private Process run;

  @AfterEach
  void stop() throws InterruptedException {
    if (run != null) {
      run.destroy();
      assertThat(run.waitFor(15, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theDayLegendAgreesWithTheCountersFromTheFirstMinutes() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    long rowStart = now - 30 * 60 - Math.floorMod(now - 30 * 60, 480);
    long first = rowStart + 3 * 60 + 10;
    Path log = dir.resolve("mail.log");
    DemoTraffic traffic = new DemoTraffic(16, "mail", ZoneOffset.UTC);
    Random gaps = new Random(16);
    long tlsLines = 0;
    try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (long t = first; t < first + 300; t += 1 + gaps.nextInt(4)) {
        for (String line : traffic.nextFlow(Instant.ofEpochSecond(t))) {
          w.write(line + "\n");
        }
        if (gaps.nextInt(3) == 0) {
          // modelled on a real line (rule-cases.txt, rule tls-inbound)
          w.write(STAMP.format(Instant.ofEpochSecond(t).atZone(ZoneOffset.UTC)) + " mail postfix/smtpd[88]: Anonymous"
              + " TLS connection established from mail-pg0-f43.google.com[74.125.83.43]: TLSv1.2 with cipher"
              + " ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)\n");
          tlsLines++;
        }
      }
      // a reject of now brings log time to the present: the minutes before close, its own stays open
      w.write(STAMP.format(Instant.ofEpochSecond(now - 5).atZone(ZoneOffset.UTC))
          + " mail postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@example.org>:"
          + " Relay access denied; from=<a@example.net> to=<x@example.org> proto=ESMTP helo=<x>\n");
    }
    CounterSnapshot fed = traffic.expected().snapshot();
    CounterSnapshot expected = fed.with(Category.REJECTED, fed.get(Category.REJECTED) + 1);
    Path statFile = dir.resolve("mailstat");
    Path out = dir.resolve("run.out");
    String year = Integer.toString(Instant.ofEpochSecond(first).atZone(ZoneOffset.UTC).getYear());
    Path queue = dir.resolve("postqueue.jsonl");
    try (var in = FreshInstallPageIT.class.getResourceAsStream("/queue/postqueue-3.7.jsonl")) {
      Files.copy(in, queue);
    }
    run = MailstatJar.start(out, "run", "--no-snmp", "--log", log.toString(), "--backfill", "--timezone", "UTC",
        "--year", year, "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(),
        "--rrd-dir", dir.resolve("rrd").toString(), "--web", "127.0.0.1:0", "--graph-timezone", "UTC",
        "--queue-command", "cat " + queue, "--queue-interval", "1");
    String[] base = new String[1];
    assertThat(Poll.until(Duration.ofSeconds(60), () -> {
      Matcher m = SERVING.matcher(read(out));
      if (m.find()) {
        base[0] = m.group(1);
      }
      return base[0] != null && expected.equals(StatFiles.counts(statFile));
    })).as("counted %s, expected %s; %s", StatFiles.counts(statFile), expected, read(out)).isTrue();

    HttpClient http = HttpClient.newHttpClient();
    String[][] series = {{"traffic", "Sent", "sent"}, {"traffic", "Received", "received"},
        {"errors", "Bounced", "bounced"}, {"errors", "Rejected", "rejected"}};
    for (String[] s : series) {
      long counted = StatFiles.counts(statFile).get(Category.byKey(s[2]).orElseThrow());
      assertThat(counted).as(s[2]).isPositive();
      double[] total = new double[1];
      boolean agrees = Poll.until(Duration.ofSeconds(60), () -> {
        total[0] = legendTotal(http, base[0] + "graph/" + s[0] + "-day.json", s[1]);
        return Math.abs(total[0] - counted) <= 1;
      });
      assertThat(agrees).as("%s: day legend total %.1f, counter %d", s[1], total[0], counted).isTrue();
    }

    long rejected = StatFiles.counts(statFile).get(Category.REJECTED);
    double[] rejectTotal = new double[1];
    assertThat(Poll.until(Duration.ofSeconds(60), () -> {
      rejectTotal[0] = legendTotals(http, base[0] + "graph/rejects-day.json");
      return Math.abs(rejectTotal[0] - rejected) <= 1;
    })).as("rejects by reason: day legend totals %.1f, rejected %d", rejectTotal[0], rejected).isTrue();
    long tls = tlsLines;
    double[] tlsTotal = new double[1];
    assertThat(Poll.until(Duration.ofSeconds(60), () -> {
      tlsTotal[0] = legendTotal(http, base[0] + "graph/tls-day.json", "In, anonymous");
      return Math.abs(tlsTotal[0] - tls) <= 1;
    })).as("TLS: day legend total %.1f, lines %d", tlsTotal[0], tls).isTrue();
    assertThat(Poll.until(Duration.ofSeconds(60), () -> {
      try {
        String page = get(http, base[0]);
        return page.contains("graph/rejects-day.png") && page.contains("graph/queue-day.png")
            && page.contains("graph/tls-year.png");
      } catch (IOException | InterruptedException e) {
        return false;
      }
    })).as("the page lists the new graphs").isTrue();
    int[] trafficPng = pngSize(getBytes(http, base[0] + "graph/traffic-day.png"));
    int frame = trafficPng[0] - 540;
    for (String period : new String[] {"day", "week", "month", "year"}) {
      int[] rejects = pngSize(getBytes(http, base[0] + "graph/rejects-" + period + ".png"));
      assertThat(rejects[0]).isEqualTo(trafficPng[0]);
      assertThat(rejects[1]).as("15 legend lines under the plot").isGreaterThan(trafficPng[1] + 14 * 10);
      int[] queueGraph = pngSize(getBytes(http, base[0] + "graph/queue-" + period + ".png"));
      assertThat(queueGraph[0]).isEqualTo(trafficPng[0]);
      assertThat(queueGraph[1]).isGreaterThan(96 + 5 * 10);
      int[] tlsGraph = pngSize(getBytes(http, base[0] + "graph/tls-" + period + ".png?width=300"));
      assertThat(tlsGraph[0]).isEqualTo(300 + frame);
      assertThat(tlsGraph[1]).isGreaterThan(96 + 9 * 10);
    }
    assertThat(get(http, base[0] + "graph/queue-day.json")).contains("\"label\": \"Deferred\", \"total\": null");

    String health = get(http, base[0] + "api/health");
    assertThat(health).startsWith("{\"healthy\": true, \"lines\": [\"source " + log + ": following");
    String dom = chromium("--dump-dom", base[0]);
    assertThat(dom).contains("<div class=\"health ok\" id=\"health\">").contains("source " + log + ": following")
        .contains("RRD last update ");
    assertThat(count(dom, " data-state=\"loaded\">")).as(dom).isEqualTo(7 * 4);
    assertThat(count(dom, " data-state=\"broken\">")).isZero();
    Files.createDirectories(SCREENSHOT.getParent());
    Files.deleteIfExists(SCREENSHOT);
    chromium("--screenshot=" + SCREENSHOT, "--window-size=700,1800", "--hide-scrollbars", base[0]);
    assertThat(SCREENSHOT).exists();
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(20_000);
  }

  private static double legendTotal(HttpClient http, String url, String label) {
    try {
      Matcher m = Pattern.compile("\"label\": \"" + label + "\", \"total\": ([0-9.]+|null)").matcher(get(http, url));
      return m.find() && !m.group(1).equals("null") ? Double.parseDouble(m.group(1)) : Double.NaN;
    } catch (IOException | InterruptedException e) {
      return Double.NaN;
    }
  }

  /** The sum of a graph's legend totals (null ones, and a graph not there yet, count nothing). */
  private static double legendTotals(HttpClient http, String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("\"total\": ([0-9.]+)").matcher(r.statusCode() == 200 ? r.body() : "");
      double sum = 0;
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
      return sum;
    } catch (IOException | InterruptedException e) {
      return Double.NaN;
    }
  }

  /** Width and height from a PNG's header, which must be a PNG's. */
  private static int[] pngSize(byte[] png) {
    assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
    assertThat(new String(png, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
    return new int[] {b.getInt(16), b.getInt(20)};
  }

  private static byte[] getBytes(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
    return r.body();
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
    Path o = dir.resolve("chromium-out.txt");
    Path e = dir.resolve("chromium-err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + read(e));
    }
    assertThat(p.exitValue()).as(read(e)).isZero();
    return read(o);
  }
}
