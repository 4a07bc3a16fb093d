package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reject and deferral reasons of a real log, as `mailstat run` serves them on /metrics and
 * /api/counters, and as `mailstat web` serves them from the stat file's side file afterwards.
 */
class DetailsExportIT {
  private static final Pattern METRIC = Pattern.compile("^(mailstat_(?:rejects|deferrals)_total)\\{reason=\"([^\"]+)\"} (\\d+)$",
      Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void reasonsOfTheLogAreServedLiveAndFromTheStatFile() throws Exception {
    String rbl = "Nov 24 10:00:0%d mail postfix/smtpd[99]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: 554 5.7.1 "
        + "Service unavailable; Client host [192.0.2.%d] blocked using zen.spamhaus.org; "
        + "from=<a@example.net> to=<b@example.org> proto=ESMTP helo=<x>";
    String unknown = "Nov 24 10:00:1%d mail postfix/smtpd[99]: NOQUEUE: reject: RCPT from x.example[192.0.2.5]: 550 5.1.1 "
        + "<a%d@example.org>: Recipient address rejected: User unknown in local recipient table; "
        + "from=<b@example.net> to=<a@example.org> proto=ESMTP helo=<x>";
    String greylisted = "Nov 24 10:00:20 mail postfix/smtp[9]: A0E85200BD: to=<u@lists.example.org>, "
        + "relay=open.example.nl[198.51.100.10]:25, delay=2.3, delays=0.25/0.05/2/0.04, dsn=4.2.0, status=deferred "
        + "(host open.example.nl[198.51.100.10] said: 450 4.2.0 <u@lists.example.org>: Recipient address rejected: "
        + "Greylisted, see http://postgrey.schweikert.ch/help/lists.example.org.html (in reply to RCPT TO command))";
    String refused = "Nov 24 10:00:21 mail postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=none, delay=30, "
        + "delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.5]:25: Connection refused)";
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      log.append(String.format(rbl, i, i, i)).append('\n');
    }
    for (int i = 1; i <= 2; i++) {
      log.append(String.format(unknown, i, i)).append('\n');
    }
    log.append(greylisted).append('\n').append(refused).append('\n').append(refused).append('\n');
    Path mailLog = Files.writeString(dir.resolve("mail.log"), log);
    Path statFile = dir.resolve("mailstat");
    Map<String, Long> expected = new TreeMap<>(Map.of(
        "mailstat_rejects_total rbl-zen.spamhaus.org", 3L,
        "mailstat_rejects_total unknown-recipient", 2L,
        "mailstat_deferrals_total greylisted", 1L,
        "mailstat_deferrals_total connection-refused", 2L));

    int port = LoopbackPorts.freeTcpPort();
    Process run = startRun(mailLog, statFile, port);
    try {
      String metrics = "http://127.0.0.1:" + port + "/metrics";
      assertThat(Poll.until(Duration.ofSeconds(30), () -> expected.equals(reasons(get(metrics)))))
          .as("%s%n%s", get(metrics), log(dir.resolve("run.out"))).isTrue();
      assertThat(get("http://127.0.0.1:" + port + "/api/counters")).contains("\"rejected\": 5")
          .contains("\"reject\": {\"rbl-zen.spamhaus.org\": 3, \"unknown-recipient\": 2}")
          .contains("\"deferral\": {\"connection-refused\": 2, \"greylisted\": 1}");
    } finally {
      run.destroy();
      run.waitFor();
    }
    assertThat(Files.readAllLines(Path.of(statFile + ".details"))).containsExactly(
        "reject rbl-zen.spamhaus.org 3", "reject unknown-recipient 2",
        "deferral connection-refused 2", "deferral greylisted 1");

    int webPort = LoopbackPorts.freeTcpPort();
    Process web = MailstatJar.start(dir.resolve("web.out"), "web", "--stat-file", statFile.toString(),
        "--rrd-dir", dir.resolve("rrd").toString(), "--web=127.0.0.1:" + webPort);
    try {
      String metrics = "http://127.0.0.1:" + webPort + "/metrics";
      assertThat(Poll.until(Duration.ofSeconds(30), () -> expected.equals(reasons(get(metrics)))))
          .as("%s%n%s", get(metrics), log(dir.resolve("web.out"))).isTrue();
    } finally {
      web.destroy();
      web.waitFor();
    }
  }

  @Test
  void postscreenTlsSaslAndAuthenticationResultsOfARealLogAreServedAndKept() throws Exception {
    // Lines as the daemons log them (docs/details.md; rule-cases.txt has their sources).
    String log = String.join("\n",
        "Nov 24 10:00:01 mail postfix/postscreen[12]: PASS NEW [192.0.2.7]:41234",
        "Nov 24 10:00:01 mail postfix/postscreen[12]: PREGREET 16 after 2.6 from [192.0.2.8]:41323: EHLO 127.0.0.1\\r\\n",
        "Nov 24 10:00:02 mail postfix/postscreen[12]: PREGREET 11 after 0.1 from [192.0.2.9]:41324: HELO x\\r\\n",
        "Nov 24 10:00:02 mail postfix/postscreen[12]: CONNECT from [192.0.2.7]:41234 to [192.0.2.1]:25",
        "Nov 24 10:00:03 mail postfix/smtpd[13]: Anonymous TLS connection established from mx.example.net[198.51.100.4]: "
            + "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
        "Nov 24 10:00:04 mail postfix/smtp[14]: Verified TLS connection established to mx.example.com[192.0.2.25]:25: "
            + "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
        "Nov 24 10:00:05 mail postfix/submission/smtpd[15]: warning: unknown[192.0.2.30]: SASL LOGIN authentication "
            + "failed: UGFzc3dvcmQ6",
        "Nov 24 10:00:06 mail policyd-spf[16]: prepend Received-SPF: Pass (mailfrom) identity=mailfrom; "
            + "client-ip=198.51.100.4; helo=mx.example.net; envelope-from=a@example.net; receiver=<UNKNOWN>",
        "Nov 24 10:00:06 mail opendkim[17]: 4F1A2B3C4D: DKIM verification successful",
        "Nov 24 10:00:06 mail opendmarc[18]: additional trusted authentication services: (none)",
        "Nov 24 10:00:07 mail opendmarc[18]: 4F1A2B3C4D: example.net pass",
        "");
    Path mailLog = Files.writeString(dir.resolve("mail.log"), log);
    Path statFile = dir.resolve("mailstat");
    List<String> expected = List.of(
        "mailstat_postscreen_actions_total{action=\"pass-new\"} 1",
        "mailstat_postscreen_actions_total{action=\"pregreet\"} 2",
        "mailstat_tls_connections_total{direction=\"inbound\",trust=\"anonymous\"} 1",
        "mailstat_tls_connections_total{direction=\"outbound\",trust=\"verified\"} 1",
        "mailstat_sasl_failures_total{method=\"login\"} 1",
        "mailstat_spf_results_total{result=\"pass\"} 1",
        "mailstat_dkim_results_total{result=\"pass\"} 1",
        "mailstat_dmarc_results_total{result=\"pass\"} 1");

    int port = LoopbackPorts.freeTcpPort();
    Process run = startRun(mailLog, statFile, port);
    try {
      String metrics = "http://127.0.0.1:" + port + "/metrics";
      assertThat(Poll.until(Duration.ofSeconds(30), () -> expected.equals(detailRows(get(metrics)))))
          .as("%s%n%s", get(metrics), log(dir.resolve("run.out"))).isTrue();
      assertThat(get("http://127.0.0.1:" + port + "/api/counters")).contains("\"rejected\": 0")
          .contains("\"tls\": {\"inbound-anonymous\": 1, \"outbound-verified\": 1}")
          .contains("\"dmarc\": {\"pass\": 1}");
    } finally {
      run.destroy();
      run.waitFor();
    }
    assertThat(Files.readAllLines(Path.of(statFile + ".details"))).containsExactly(
        "postscreen pass-new 1", "postscreen pregreet 2",
        "tls inbound-anonymous 1", "tls outbound-verified 1",
        "sasl login 1", "spf pass 1", "dkim pass 1", "dmarc pass 1");
  }

  @Test
  void theInProcessAgentServesTheDetailRowsAndQueueGaugesWithoutTheWebPage() throws Exception {
    String log = String.join("\n",
        "Nov 24 10:00:01 mail postfix/postscreen[12]: PASS NEW [192.0.2.7]:41234",
        "Nov 24 10:00:01 mail postfix/postscreen[12]: PREGREET 16 after 2.6 from [192.0.2.8]:41323: EHLO 127.0.0.1\\r\\n",
        "Nov 24 10:00:02 mail postfix/postscreen[12]: PREGREET 11 after 0.1 from [192.0.2.9]:41324: HELO x\\r\\n",
        "Nov 24 10:00:06 mail opendkim[17]: 4F1A2B3C4D: DKIM verification successful",
        "");
    Path mailLog = Files.writeString(dir.resolve("mail.log"), log);
    Path statFile = dir.resolve("mailstat");
    int snmpPort = LoopbackPorts.freeUdpPort();
    // a captured `postqueue -j` of Postfix 3.7: 2 in maildrop, 3 deferred, 1 on hold
    String queueCommand = "cat " + Path.of("src/test/resources/queue/postqueue-3.7.jsonl").toAbsolutePath();
    Process run = MailstatJar.start(dir.resolve("run.out"), "run", "--log", mailLog.toString(), "--backfill",
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(), "--no-web", "--no-rrd",
        "--snmp=udp:127.0.0.1/" + snmpPort, "--queue-command", queueCommand, "--queue-interval", "1");
    String root = ".1.3.6.1.4.1.8072.9999.9999.7025";
    // the side file's order at start-up: by family (DetailFamily's order), then label
    List<String> expectedDetails = List.of(
        "postscreen:pass-new 1", "postscreen:pregreet 2", "dkim:pass 1");
    try {
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> expectedDetails.equals(detailTable(walk(snmpPort, root + ".1.4.1"))))).as("%s%n%s",
          walk(snmpPort, root + ".1.4"), log(dir.resolve("run.out"))).isTrue();
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> walk(snmpPort, root + ".1.5").contains(root + ".1.5.4.1.3.4 = Gauge32: 3")))
          .as("%s%n%s", walk(snmpPort, root + ".1.5"), log(dir.resolve("run.out"))).isTrue();
      assertThat(walk(snmpPort, root + ".1.5")).contains(root + ".1.5.1.0 = INTEGER: 3")
          .contains(root + ".1.5.4.1.2.5 = STRING: \"hold\"").contains(root + ".1.5.4.1.3.1 = Gauge32: 2");

      // deliveries logged while the agent runs fall into its delay window
      Files.writeString(mailLog, String.join("\n",
          "Nov 24 10:01:00 mail postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=mx.example.net[203.0.113.5]:25,"
              + " delay=1.2, delays=0.01/0.05/0.64/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC)",
          "Nov 24 10:01:01 mail postfix/local[7]: 5B6C7D8E9F: to=<u@example.org>, relay=local, delay=40,"
              + " delays=0/39/0/1, dsn=2.0.0, status=sent (delivered to mailbox)", ""),
          java.nio.file.StandardOpenOption.APPEND);
      String total = root + ".1.6.2.1";
      assertThat(Poll.until(Duration.ofSeconds(30),
          () -> walk(snmpPort, total).contains(total + ".3.1 = Gauge32: 2")))
          .as("%s%n%s", walk(snmpPort, root + ".1.6"), log(dir.resolve("run.out"))).isTrue();
      assertThat(walk(snmpPort, total)).contains(total + ".6.1 = Gauge32: 60000")
          .contains(total + ".6.3 = Gauge32: 60000").contains(total + ".3.4 = Gauge32: 2");
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  /** "name count" of each detail row of an snmpwalk -On of mailstatDetailEntry, in row order. */
  private static List<String> detailTable(String walk) {
    Map<String, String> names = new TreeMap<>();
    Map<String, String> counts = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)\\.1\\.4\\.1\\.([45])\\.(\\d+) = (?:STRING: \"([^\"]*)\"|Counter64: (\\d+))$")
        .matcher(walk);
    while (m.find()) {
      String row = String.format("%06d", Integer.parseInt(m.group(2)));
      if (m.group(1).equals("4")) {
        names.put(row, m.group(3));
      } else {
        counts.put(row, m.group(4));
      }
    }
    return names.keySet().stream().map(row -> names.get(row) + " " + counts.get(row)).toList();
  }

  private static String walk(int port, String oid) {
    try {
      Process p = new ProcessBuilder("snmpwalk", "-v2c", "-c", "public", "-On", "-t", "1", "-r", "1",
          "127.0.0.1:" + port, oid).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } catch (java.io.IOException e) {
      return "snmpwalk failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private Process startRun(Path mailLog, Path statFile, int port) throws java.io.IOException {
    return MailstatJar.start(dir.resolve("run.out"), "run", "--log", mailLog.toString(), "--backfill",
        "--stat-file", statFile.toString(), "--state-dir", dir.resolve("state").toString(), "--no-snmp",
        "--rrd-dir", dir.resolve("rrd").toString(), "--web=127.0.0.1:" + port);
  }

  /** The rows of the detail families past reject/deferral, in the order served. */
  private static List<String> detailRows(String metrics) {
    return metrics.lines()
        .filter(l -> l.matches("mailstat_(?:postscreen|tls|sasl|spf|dkim|dmarc)_\\w+_total\\{.*"))
        .toList();
  }

  private static Map<String, Long> reasons(String metrics) {
    Map<String, Long> out = new TreeMap<>();
    Matcher m = METRIC.matcher(metrics);
    while (m.find()) {
      out.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
    }
    return out;
  }

  private static String get(String url) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + "\n" + r.body();
    } catch (java.io.IOException e) {
      return "unreachable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String log(Path file) {
    try {
      return String.join("\n", Files.exists(file) ? Files.readAllLines(file) : List.of());
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

}
