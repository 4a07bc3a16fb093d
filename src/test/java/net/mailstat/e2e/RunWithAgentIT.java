package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.Ownership;
import net.mailstat.state.StatLine;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mailstat run` follows a log, keeps RRD history, and serves what it counts over SNMP and HTTP in
 * the same process: one content, so both show the same values; and a quiet instance's agent and
 * page show another instance's new counts.
 */
class RunWithAgentIT {
  private static final String EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1";
  private static final String COUNTERS = ".1.3.6.1.4.1.8072.9999.9999.7025.1.1";
  private static final String RECEIVED = COUNTERS + ".2.0";

  @TempDir Path dir;

  @Test
  void snmpServesTheCountsOfTheLogBeingFollowed() throws Exception {
    int port = LoopbackPorts.freeUdpPort();
    int httpPort = LoopbackPorts.freeTcpPort();
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
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> snmpget(agent, RECEIVED).endsWith("Counter64: " + expected.get(Category.RECEIVED))))
          .as("received over SNMP: %s, expected %d", snmpget(agent, RECEIVED), expected.get(Category.RECEIVED))
          .isTrue();
      String line = Files.readString(statFile).strip();
      assertThat(StatLine.counts(StatLine.parseFields(line))).isEqualTo(expected);
      assertThat(Poll.until(Duration.ofSeconds(10),
          () -> snmpget(agent, EXT_OUTPUT).endsWith("STRING: \"" + line + "\""))).as(snmpget(agent, EXT_OUTPUT)).isTrue();

      String json = http("http://127.0.0.1:" + httpPort + "/api/counters");
      assertThat(snmpCounters(agent)).as("SNMP, right after it showed the count").isEqualTo(expected)
          .as("/api/counters: %s", json).isEqualTo(jsonCounters(json));
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
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> snmpget(agent, RECEIVED).endsWith("Counter64: " + more.get(Category.RECEIVED)))).isTrue();
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  @Test
  void aQuietMailInstanceServesTheVirusInstancesNewCountsOverSnmpAndHttp() throws Exception {
    int port = LoopbackPorts.freeUdpPort();
    int httpPort = LoopbackPorts.freeTcpPort();
    Path statFile = dir.resolve("mailstat");
    TrafficLog mailLog = new TrafficLog(dir.resolve("mail.log"), 31);
    TrafficLog virusLog = new TrafficLog(dir.resolve("virus.log"), 32);
    mailLog.append(40);
    Process mail = MailstatJar.start(dir.resolve("mail.out"), "run", "--only=mail", "--log", mailLog.file().toString(),
        "--backfill", "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(),
        "--snmp=udp:127.0.0.1/" + port, "--no-rrd", "--web=127.0.0.1:" + httpPort, "--no-queue");
    Process virus = null;
    String agent = "127.0.0.1:" + port;
    String counters = "http://127.0.0.1:" + httpPort + "/api/counters";
    try {
      CounterSnapshot mailOnly = owned(Ownership.MAIL, mailLog.expected(), CounterSnapshot.zero());
      assertThat(Poll.until(Duration.ofSeconds(30), () -> mailOnly.equals(snmpCounters(agent))))
          .as("mail counts over SNMP: %s, expected %s", snmpCounters(agent), mailOnly).isTrue();

      virusLog.append(60);
      virus = MailstatJar.start(dir.resolve("virus.out"), "run", "--only=virus", "--no-snmp", "--no-web", "--no-rrd",
          "--log", virusLog.file().toString(), "--backfill", "--stat-file", statFile.toString(), "--state-dir",
          dir.resolve("state").toString());
      CounterSnapshot both = owned(Ownership.MAIL, mailLog.expected(), virusLog.expected());
      assertThat(both.get(Category.VIRUS)).as("the virus log has viruses").isPositive();
      assertThat(Poll.until(Duration.ofSeconds(30), () -> both.equals(snmpCounters(agent))))
          .as("the quiet mail instance's agent: %s, expected %s", snmpCounters(agent), both).isTrue();
      assertThat(jsonCounters(http(counters))).as("its page, right after").isEqualTo(both);
      String line = Files.readString(statFile).strip();
      assertThat(StatLine.counts(StatLine.parseFields(line))).isEqualTo(both);
      assertThat(snmpget(agent, EXT_OUTPUT)).endsWith("STRING: \"" + line + "\"");
    } finally {
      mail.destroy();
      if (virus != null) {
        virus.destroy();
        virus.waitFor();
      }
      mail.waitFor();
    }
  }

  /** The categories {@code ownership} owns from {@code own}, the others from {@code others}. */
  private static CounterSnapshot owned(Ownership ownership, CounterSnapshot own, CounterSnapshot others) {
    CounterSnapshot merged = CounterSnapshot.zero();
    for (Category c : Category.all()) {
      merged = merged.with(c, ownership.owns(c) ? own.get(c) : others.get(c));
    }
    return merged;
  }


  /** The nine counters of MAILSTAT-MIB, in one snmpget; zeros where the agent did not answer. */
  private static CounterSnapshot snmpCounters(String agent) {
    List<String> command = new ArrayList<>(List.of("snmpget", "-v2c", "-c", "public", "-On", "-t", "1", "-r", "0",
        agent));
    for (Category c : Category.all()) {
      command.add(COUNTERS + "." + (c.ordinal() + 1) + ".0");
    }
    CounterSnapshot counts = CounterSnapshot.zero();
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      for (Category c : Category.all()) {
        Matcher m = Pattern.compile(Pattern.quote(COUNTERS + "." + (c.ordinal() + 1) + ".0") + " = Counter64: (\\d+)")
            .matcher(out);
        if (m.find()) {
          counts = counts.with(c, Long.parseLong(m.group(1)));
        }
      }
    } catch (Exception e) {
      return counts;
    }
    return counts;
  }

  /** The nine counters of an /api/counters answer. */
  private static CounterSnapshot jsonCounters(String json) {
    CounterSnapshot counts = CounterSnapshot.zero();
    for (Category c : Category.all()) {
      Matcher m = Pattern.compile("\"" + c.key() + "\": (\\d+)").matcher(json);
      assertThat(m.find()).as("%s in %s", c.key(), json).isTrue();
      counts = counts.with(c, Long.parseLong(m.group(1)));
    }
    return counts;
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
