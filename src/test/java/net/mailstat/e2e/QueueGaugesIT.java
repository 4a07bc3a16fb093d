package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.PrivatePostfix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue gauges of `mailstat run` against a real Postfix (a private instance): three messages
 * deferred (the relay host is a closed port), one put on hold, two left in maildrop; then Postfix
 * stopped. Two instances of mailstat sample it: one as root with {@code postqueue -c DIR -j}, one
 * running postqueue as the packaged units do: an unprivileged user in group postdrop under
 * no-new-privileges (nobody, in a mount namespace where the instance's configuration is
 * /etc/postfix), which sees the stopped Postfix as down.
 */
class QueueGaugesIT {
  private static final Pattern GAUGE = Pattern.compile(
      "^(mailstat_queue_[a-z_]+)(?:\\{queue=\"([a-z]+)\"})? (\\d+)$", Pattern.MULTILINE);
  private static final Pattern JSON_ENTRY = Pattern.compile(
      "\"queue_name\": \"([a-z]+)\", \"queue_id\": \"([0-9A-F]+)\", \"arrival_time\": (\\d+), \"message_size\": (\\d+)");
  private static final Pattern MAILQ_ENTRY = Pattern.compile("^([0-9A-F]+)[*!]?\\s+(\\d+) ", Pattern.MULTILINE);

  /** One client, so that polling reuses its connections instead of filling the server's bound. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void theGaugesAreWhatPostfixHoldsAndAStoppedPostfixIsUnavailable() throws Exception {
    assertThat(System.getProperty("user.name")).as("this test starts a private Postfix: run it as root")
        .isEqualTo("root");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = Files.writeString(dir.resolve("mail.log"), "");
    Process asRoot = null;
    Process asNobody = null;
    try (PrivatePostfix postfix = PrivatePostfix.start(Files.createDirectories(dir.resolve("postfix")),
        LoopbackPorts.freeTcpPort())) {
      long firstSent = System.currentTimeMillis() / 1000;
      for (int body : new int[] {1000, 2000, 3000, 4000}) {
        postfix.send("sender@queue-it.test", "rcpt" + body + "@example.net", body);
      }
      assertThat(Poll.until(Duration.ofSeconds(60), () -> entries(postfix, "deferred").size() == 4))
          .as("%s", postfix.log()).isTrue();
      Map<String, Long> deferred = entries(postfix, "deferred");
      String held = deferred.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      postfix.hold(held);
      postfix.stopPickup();
      long lastSent = System.currentTimeMillis() / 1000;
      postfix.send("sender@queue-it.test", "waiting1@example.net", 500);
      postfix.send("sender@queue-it.test", "waiting2@example.net", 600);
      assertThat(Poll.until(Duration.ofSeconds(30), () -> entries(postfix, "maildrop").size() == 2)).isTrue();

      // Expected values from postqueue's other listing (mailq), placed by what the test did.
      Map<String, Long> sizes = mailqSizes(postfix.mailq());
      assertThat(sizes).hasSize(6);
      Set<String> drop = new HashSet<>(sizes.keySet());
      drop.removeAll(deferred.keySet());
      long deferredBytes = deferred.keySet().stream().filter(id -> !id.equals(held)).mapToLong(sizes::get).sum();
      long dropBytes = drop.stream().mapToLong(sizes::get).sum();
      assertThat(deferredBytes).isBetween(6000L, 6000L + 3 * 1000);
      assertThat(dropBytes).isBetween(1100L, 1100L + 2 * 1000);
      Map<String, Long> expected = new TreeMap<>();
      for (String q : List.of("maildrop", "incoming", "active", "deferred", "hold")) {
        expected.put("mailstat_queue_messages " + q, 0L);
        expected.put("mailstat_queue_size_bytes " + q, 0L);
      }
      expected.put("mailstat_queue_messages deferred", 3L);
      expected.put("mailstat_queue_size_bytes deferred", deferredBytes);
      expected.put("mailstat_queue_messages hold", 1L);
      expected.put("mailstat_queue_size_bytes hold", sizes.get(held));
      expected.put("mailstat_queue_messages maildrop", 2L);
      expected.put("mailstat_queue_size_bytes maildrop", dropBytes);
      expected.put("mailstat_queue_up", 1L);
      expected.put("mailstat_queue_unparsed_lines", 0L);

      Path wrapper = dir.resolve("postqueue-as-nobody");
      Files.writeString(wrapper, "#!/bin/sh\nexec unshare -m sh -c 'mount --bind " + postfix.configDirectory()
          + " /etc/postfix && exec setpriv --reuid=nobody --regid=nogroup --groups=postdrop --no-new-privs"
          + " -- /usr/sbin/postqueue -j'\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
      int rootPort = LoopbackPorts.freeTcpPort();
      asRoot = start("root", log, rootPort, "/usr/sbin/postqueue -c " + postfix.configDirectory() + " -j");
      int nobodyPort = LoopbackPorts.freeTcpPort();
      asNobody = start("nobody", log, nobodyPort, wrapper.toString());

      for (String name : List.of("root", "nobody")) {
        int port = name.equals("root") ? rootPort : nobodyPort;
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        assertThat(Poll.until(Duration.ofSeconds(30), () -> expected.equals(sizesAndCounts(get(metrics)))))
            .as("%s%n%s", get(metrics), output(name)).isTrue();
        Map<String, Long> gauges = gauges(get(metrics));
        long sampled = gauges.get("mailstat_queue_sample_timestamp_seconds");
        // arrival_time is when Postfix took the message, in whole seconds
        assertThat(sampled - gauges.get("mailstat_queue_oldest_age_seconds deferred")).isBetween(firstSent - 1, lastSent + 1);
        assertThat(sampled - gauges.get("mailstat_queue_oldest_age_seconds hold")).isBetween(firstSent - 1, lastSent + 1);
        assertThat(sampled - gauges.get("mailstat_queue_oldest_age_seconds maildrop"))
            .isBetween(lastSent - 1, System.currentTimeMillis() / 1000 + 1);
        assertThat(gauges.get("mailstat_queue_oldest_age_seconds active")).isZero();
        String base = "http://127.0.0.1:" + port;
        assertThat(get(base + "/api/counters")).contains("\"queues\": {\"up\": true")
            .contains("\"hold\": {\"messages\": 1, \"size_bytes\": " + sizes.get(held) + ", ");
        assertThat(get(base + "/api/health")).contains("\"queue: up, 6 messages\"");
      }

      postfix.stop();
      // As root, postqueue reads the queue files itself when Postfix is down ("accessing queue
      // directly"); as any other user it reports the mail system down.
      String rootMetrics = "http://127.0.0.1:" + rootPort + "/metrics";
      long stoppedAt = System.currentTimeMillis() / 1000;
      assertThat(Poll.until(Duration.ofSeconds(30), () -> {
        Map<String, Long> g = gauges(get(rootMetrics));
        return g.getOrDefault("mailstat_queue_sample_timestamp_seconds", 0L) > stoppedAt + 1
            && expected.equals(sizesAndCounts(get(rootMetrics)));
      })).as("%s", get(rootMetrics)).isTrue();

      String nobody = "http://127.0.0.1:" + nobodyPort;
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> gauges(get(nobody + "/metrics")).equals(Map.of("mailstat_queue_up", 0L))))
          .as("%s", get(nobody + "/metrics")).isTrue();
      String down = "postqueue: fatal: Queue report unavailable - mail system is down";
      assertThat(get(nobody + "/api/counters")).contains("\"queues\": {\"up\": false, \"sampled_at\": ")
          .contains("\"reason\": \"" + down);
      assertThat(get(nobody + "/api/health")).contains("\"queue: unavailable (" + down);
      // samples go on every second; the state is logged once
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> output("nobody").lines().filter(l -> l.contains("queue: sampling")).count() == 1
              && get(nobody + "/api/health").contains("unavailable") && secondsSince(stoppedAt) > 4)).isTrue();
      assertThat(output("nobody").lines().filter(l -> l.contains("queue: unavailable")))
          .singleElement().asString().contains("WARN").contains(down);
    } finally {
      for (Process p : new Process[] {asRoot, asNobody}) {
        if (p != null) {
          p.destroy();
          p.waitFor();
        }
      }
    }
  }

  private static long secondsSince(long epochSecond) {
    return System.currentTimeMillis() / 1000 - epochSecond;
  }

  private Process start(String name, Path log, int port, String queueCommand) throws IOException {
    return MailstatJar.start(dir.resolve(name + ".out"), "run", "--log", log.toString(),
        "--stat-file", dir.resolve(name + ".stat").toString(), "--state-dir", dir.resolve(name + "-state").toString(),
        "--no-snmp", "--no-rrd", "--web=127.0.0.1:" + port, "--queue-command", queueCommand, "--queue-interval", "1");
  }

  private String output(String name) {
    try {
      Path f = dir.resolve(name + ".out");
      return Files.exists(f) ? Files.readString(f) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Queue id to message_size of the entries postqueue -j lists in {@code queue}. */
  private static Map<String, Long> entries(PrivatePostfix postfix, String queue) {
    Map<String, Long> out = new TreeMap<>();
    try {
      Matcher m = JSON_ENTRY.matcher(postfix.postqueueJson());
      while (m.find()) {
        if (m.group(1).equals(queue)) {
          out.put(m.group(2), Long.parseLong(m.group(4)));
        }
      }
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  private static Map<String, Long> mailqSizes(String mailq) {
    Map<String, Long> out = new TreeMap<>();
    Matcher m = MAILQ_ENTRY.matcher(mailq);
    while (m.find()) {
      out.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return out;
  }

  private static Map<String, Long> gauges(String metrics) {
    Map<String, Long> out = new TreeMap<>();
    Matcher m = GAUGE.matcher(metrics);
    while (m.find()) {
      out.put(m.group(2) == null ? m.group(1) : m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
    }
    return out;
  }

  /** The gauges a test can know exactly: counts, sizes, up and unparsed (not ages and times). */
  private static Map<String, Long> sizesAndCounts(String metrics) {
    Map<String, Long> out = gauges(metrics);
    out.keySet().removeIf(k -> k.startsWith("mailstat_queue_oldest_age_seconds") || k.endsWith("timestamp_seconds"));
    return out;
  }

  private static String get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + "\n" + r.body();
    } catch (IOException e) {
      return "unreachable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
