package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mibs/MAILSTAT-MIB.txt passes smilint and names exactly what the agent serves. */
class MailstatMibIT {
  static final Path MIB = Path.of("mibs/MAILSTAT-MIB.txt");
  static final Path IETF = Path.of("target/ietf-mibs");
  static final Path NAMES = Path.of("mibs/MAILSTAT-NAMES.txt");

  @BeforeAll
  static void fetchBaseModules() throws Exception {
    Tool fetch = Tool.run("scripts/fetch-ietf-mibs", IETF.toString());
    assertThat(fetch.exitCode()).as(fetch.err()).isZero();
  }

  private static Tool smilintWithPath(Path mib) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("smilint", "-l", "5", mib.toString()).redirectErrorStream(true);
    pb.environment().put("SMIPATH", ":" + IETF.toAbsolutePath());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    return new Tool(p.waitFor(), out, "");
  }

  @Test
  void smilintAtLevel5PrintsNothing() throws Exception {
    Tool lint = smilintWithPath(MIB);
    assertThat(lint.out()).isEmpty();
    assertThat(lint.exitCode()).isZero();
  }

  @Test
  void smilintDoesCheck(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("MAILSTAT-MIB.txt");
    Files.writeString(broken, Files.readString(MIB).replace("::= { mailstatCounters 2 }", "::= { mailstatCounters 1 }"));
    assertThat(smilintWithPath(broken).out()).contains("MAILSTAT-MIB.txt");
  }

  private static Path statFileWithOneHost(Path dir) throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2 bounced:3 rejected:4 virus:5 spam:6 delivered:7 greylisted:8 delayed:9"
        + " lines:10 unparsed:11\n");
    Files.writeString(dir.resolve("mailstat.hosts"), "mx.example.org sent:1 received:2\n");
    Files.writeString(dir.resolve("mailstat.details"), "reject unknown-recipient 12\ntls inbound-trusted 3\n");
    return stat;
  }

  /** A captured `postqueue -j` of Postfix 3.7 (2 in maildrop, 3 deferred, 1 on hold), as the queue command. */
  static final String QUEUE_COMMAND = "cat " + Path.of("src/test/resources/queue/postqueue-3.7.jsonl").toAbsolutePath();

  private static AgentProcess agentWithQueues(Path dir, Path stat) throws Exception {
    AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", stat.toString(),
        "--queue-command", QUEUE_COMMAND, "--queue-interval", "1");
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
    while (!Tool.run("snmpget", "-v2c", "-c", "public", "-On", "-Oqv", "127.0.0.1:" + agent.port,
        ".1.3.6.1.4.1.8072.9999.9999.7025.1.5.1.0").out().strip().equals("3")) {
      assertThat(java.time.Instant.now()).as("a queue sample within 20 s").isBefore(deadline);
    }
    return agent;
  }

  @Test
  void snmpwalkWithTheMibPrintsEveryReadableObjectByName(@TempDir Path dir) throws Exception {
    Path stat = statFileWithOneHost(dir);
    try (AgentProcess agent = agentWithQueues(dir, stat)) {
      Tool walk = Tool.run("snmpwalk", "-v2c", "-c", "public", "-m", "+MAILSTAT-MIB",
          "-M", "+" + MIB.getParent() + ":" + IETF, "127.0.0.1:" + agent.port, ".1.3.6.1.4.1.8072.9999.9999.7025");
      assertThat(walk.exitCode()).isZero();
      TreeSet<String> served = new TreeSet<>();
      for (String line : walk.lines()) {
        Matcher m = Pattern.compile("^MAILSTAT-MIB::(\\w+)\\.\\d+ = ").matcher(line);
        if (m.find()) {
          served.add(m.group(1));
        }
      }
      assertThat(served).isEqualTo(new TreeSet<>(readableObjects()));
      assertThat(walk.out()).contains("MAILSTAT-MIB::mailstatHostName.1 = STRING: mx.example.org")
          .contains("MAILSTAT-MIB::mailstatInstanceStatus.0 = INTEGER: running(1)")
          .contains("MAILSTAT-MIB::mailstatDelayed.0 = Counter64: 9")
          .contains("MAILSTAT-MIB::mailstatDetailName.1 = STRING: reject:unknown-recipient")
          .contains("MAILSTAT-MIB::mailstatDetailCount.2 = Counter64: 3")
          .contains("MAILSTAT-MIB::mailstatQueueSamplerStatus.0 = INTEGER: ok(3)")
          .contains("MAILSTAT-MIB::mailstatQueueName.4 = STRING: deferred")
          .contains("MAILSTAT-MIB::mailstatQueueMessages.4 = Gauge32: 3")
          .contains("MAILSTAT-MIB::mailstatDelayStage.5 = STRING: transmission")
          .contains("MAILSTAT-MIB::mailstatDelayWindow.0 = INTEGER: 300 seconds");

      Tool get = Tool.run("snmpget", "-v2c", "-c", "public", "-m", "+MAILSTAT-MIB", "-M", "+" + MIB.getParent() + ":" + IETF,
          "127.0.0.1:" + agent.port, "MAILSTAT-MIB::mailstatDetailCount.1", "MAILSTAT-MIB::mailstatQueueMessages.5");
      assertThat(get.out()).contains("MAILSTAT-MIB::mailstatDetailCount.1 = Counter64: 12")
          .contains("MAILSTAT-MIB::mailstatQueueMessages.5 = Gauge32: 1");
    }
  }

  @Test
  void aDetailCountRisesInTheAgentWhenTheSideFileChanges(@TempDir Path dir) throws Exception {
    Path stat = statFileWithOneHost(dir);
    try (AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", stat.toString())) {
      Files.writeString(dir.resolve("mailstat.details"), "reject unknown-recipient 13\ntls inbound-trusted 3\n");
      java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
      String count;
      do {
        count = Tool.run("snmpget", "-v2c", "-c", "public", "-On", "-Oqv", "127.0.0.1:" + agent.port,
            ".1.3.6.1.4.1.8072.9999.9999.7025.1.4.1.5.1").out().strip();
      } while (!count.equals("13") && java.time.Instant.now().isBefore(deadline));
      assertThat(count).isEqualTo("13");

      Files.writeString(dir.resolve("mailstat.details"), "reject unknown-recipient 13\ntls inbound-trusted 3\n"
          + "delay total-bucket-1 4\ndelay total-bucket-300 1\ndelay total-sum-ms 200000\n");
      String delays;
      do {
        delays = Tool.run("snmpget", "-v2c", "-c", "public", "-On", "-Oqv", "127.0.0.1:" + agent.port,
            ".1.3.6.1.4.1.8072.9999.9999.7025.1.6.2.1.3.1", ".1.3.6.1.4.1.8072.9999.9999.7025.1.6.2.1.6.1",
            ".1.3.6.1.4.1.8072.9999.9999.7025.1.6.2.1.3.2").out().strip();
      } while (!delays.startsWith("5") && java.time.Instant.now().isBefore(deadline.plusSeconds(10)));
      assertThat(delays.lines().toList()).as("five deliveries in the window, the slowest up to 300 s; none by stage")
          .containsExactly("5", "300000", "0");
      Tool status = Tool.run("snmpget", "-v2c", "-c", "public", "-On", "-Oqv", "127.0.0.1:" + agent.port,
          ".1.3.6.1.4.1.8072.9999.9999.7025.1.5.1.0");
      assertThat(status.out().strip()).as("no --queue-command and no running Postfix: not ok").isNotEqualTo("3");
    }
  }

  @Test
  void theNamesOnlyModuleNamesEveryIdentifierOfTheMibWithItsOid() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("smidump", "-f", "identifiers", MIB.toString());
    pb.environment().put("SMIPATH", ":" + IETF.toAbsolutePath());
    Process p = pb.start();
    String dump = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    TreeSet<String> fromMib = new TreeSet<>();
    for (String line : dump.lines().toList()) {
      String[] w = line.trim().split("\\s+");
      if (w.length == 4 && w[0].equals("MAILSTAT-MIB")) {
        fromMib.add(w[1] + " " + w[3]);
      }
    }
    TreeSet<String> fromNames = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^(\\w+)\\s+OBJECT IDENTIFIER ::= \\{ iso ([\\d ]+) }$")
        .matcher(Files.readString(NAMES));
    while (m.find()) {
      fromNames.add(m.group(1) + " 1." + m.group(2).trim().replace(' ', '.'));
    }

    assertThat(fromMib).hasSizeGreaterThan(30);
    assertThat(fromNames).as("mibs/MAILSTAT-NAMES.txt made from MAILSTAT-MIB (smidump -f identifiers)")
        .isEqualTo(fromMib);
  }

  @Test
  void withoutTheIetfModulesTheNamesOnlyModuleGivesAWalkByNameWithoutErrors(@TempDir Path dir) throws Exception {
    Path stat = statFileWithOneHost(dir);
    try (AgentProcess agent = agentWithQueues(dir, stat)) {
      // as README says for a stock Debian: only net-snmp's own MIB directory and mailstat's
      Tool walk = Tool.run("snmpwalk", "-v2c", "-c", "public", "-m", "MAILSTAT-NAMES", "-M",
          "/usr/share/snmp/mibs:" + NAMES.getParent(), "127.0.0.1:" + agent.port, ".1.3.6.1.4.1.8072.9999.9999.7025");

      assertThat(walk.exitCode()).isZero();
      assertThat(walk.err()).isEmpty();
      assertThat(walk.out()).contains("MAILSTAT-NAMES::mailstatDelayed.0 = Counter64: 9")
          .contains("MAILSTAT-NAMES::mailstatHostName.1 = STRING: \"mx.example.org\"")
          .doesNotContain("iso.3.6.1");
    }
  }

  @Test
  void theMibsOidsAreTheOnesDocumentedForTheDefaultRoot() throws Exception {
    Map<String, String> expected = Map.of(
        "mailstatSent", ".1.3.6.1.4.1.8072.9999.9999.7025.1.1.1",
        "mailstatDelayed", ".1.3.6.1.4.1.8072.9999.9999.7025.1.1.9",
        "mailstatHostName", ".1.3.6.1.4.1.8072.9999.9999.7025.1.2.1.2",
        "mailstatHostDelayed", ".1.3.6.1.4.1.8072.9999.9999.7025.1.2.1.11",
        "mailstatSourceStaleness", ".1.3.6.1.4.1.8072.9999.9999.7025.1.3.5.1.4",
        "mailstatDetailName", ".1.3.6.1.4.1.8072.9999.9999.7025.1.4.1.4",
        "mailstatDetailCount", ".1.3.6.1.4.1.8072.9999.9999.7025.1.4.1.5",
        "mailstatQueueSamplerStatus", ".1.3.6.1.4.1.8072.9999.9999.7025.1.5.1",
        "mailstatQueueOldestAge", ".1.3.6.1.4.1.8072.9999.9999.7025.1.5.4.1.5",
        "mailstatDelayMax", ".1.3.6.1.4.1.8072.9999.9999.7025.1.6.2.1.6");
    for (var e : expected.entrySet()) {
      Tool t = Tool.run("snmptranslate", "-m", "+MAILSTAT-MIB", "-M", "+" + MIB.getParent() + ":" + IETF, "-On",
          "MAILSTAT-MIB::" + e.getKey());
      assertThat(t.out().strip()).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  /** Names of the read-only OBJECT-TYPEs in the MIB text. */
  static List<String> readableObjects() throws Exception {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^(\\w+) OBJECT-TYPE\\s+SYNTAX[^\\n]*(?:\\n[^\\n]*)*?\\n\\s+MAX-ACCESS\\s+(\\S+)")
        .matcher(Files.readString(MIB));
    while (m.find()) {
      if (m.group(2).equals("read-only")) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
