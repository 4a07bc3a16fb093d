package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.StatLine;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mailstat run` follows a log, keeps RRD history, and serves what it counts over SNMP and HTTP in
 * the same process.
 */
class RunWithAgentIT {
  private static final String EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1";
  private static final String RECEIVED = ".1.3.6.1.4.1.8072.9999.9999.7025.1.1.2.0";

  @TempDir Path dir;

  @Test
  void snmpServesTheCountsOfTheLogBeingFollowed() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int httpPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      httpPort = s.getLocalPort();
    }
    Path statFile = dir.resolve("mailstat");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 21);
    log.append(50);
    Process run = MailstatJar.start(dir.resolve("run.out"), "run", "--log", log.file().toString(), "--backfill",
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(),
        "--snmp=udp:127.0.0.1/" + port, "--rrd-dir", dir.resolve("rrd").toString(),
        "--web=127.0.0.1:" + httpPort);
    String agent = "127.0.0.1:" + port;
    try {
      CounterSnapshot expected = log.expected();
      assertThat(MailstatJar.await(Duration.ofSeconds(30),
          () -> snmpget(agent, RECEIVED).endsWith("Counter64: " + expected.get(Category.RECEIVED))))
          .as("received over SNMP: %s, expected %d", snmpget(agent, RECEIVED), expected.get(Category.RECEIVED))
          .isTrue();
      String line = Files.readString(statFile).strip();
      assertThat(StatLine.counts(StatLine.parseFields(line))).isEqualTo(expected);
      assertThat(MailstatJar.await(Duration.ofSeconds(10),
          () -> snmpget(agent, EXT_OUTPUT).endsWith("STRING: \"" + line + "\""))).as(snmpget(agent, EXT_OUTPUT)).isTrue();

      String json = http("http://127.0.0.1:" + httpPort + "/api/counters");
      assertThat(json).contains("\"received\": " + expected.get(Category.RECEIVED))
          .contains("\"sent\": " + expected.get(Category.SENT));
      assertThat(http("http://127.0.0.1:" + httpPort + "/")).contains("<title>Mail statistics");
      assertThat(http("http://127.0.0.1:" + httpPort + "/metrics")).contains("received");

      // The source table lists the followed log itself, with a fresh last-line time.
      String sources = snmpwalk(agent, ".1.3.6.1.4.1.8072.9999.9999.7025.1.3.5.1.2");
      assertThat(sources).contains("STRING: \"" + log.file() + "\"");
      String staleness = snmpget(agent, ".1.3.6.1.4.1.8072.9999.9999.7025.1.3.5.1.4.1");
      assertThat(staleness).contains("Gauge32: ");
      assertThat(Long.parseLong(staleness.replaceAll(".*Gauge32: ", "").strip())).isLessThan(60);

      log.append(10);
      CounterSnapshot more = log.expected();
      assertThat(MailstatJar.await(Duration.ofSeconds(30),
          () -> snmpget(agent, RECEIVED).endsWith("Counter64: " + more.get(Category.RECEIVED)))).isTrue();
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  private static String http(String url) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private static String snmpwalk(String agent, String oid) throws Exception {
    Process p = new ProcessBuilder("snmpwalk", "-v2c", "-c", "public", "-On", "-t", "1", "-r", "0", agent, oid)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor();
    return out;
  }

  private static String snmpget(String agent, String oid) {
    try {
      Process p = new ProcessBuilder("snmpget", "-v2c", "-c", "public", "-On", "-t", "1", "-r", "0", agent, oid)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return out;
    } catch (Exception e) {
      return e.toString();
    }
  }
}
