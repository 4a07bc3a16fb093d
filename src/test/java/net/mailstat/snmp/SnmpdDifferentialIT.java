package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mailstat's agent and net-snmp's real snmpd with {@code exec mailstat /bin/cat FILE}, on the same
 * stat file, must serve byte-identical extTable and NET-SNMP-EXTEND-MIB subtrees.
 */
class SnmpdDifferentialIT {
  private static final String EXT = ".1.3.6.1.4.1.2021.8";
  private static final String EXTEND = ".1.3.6.1.4.1.8072.1.3.2";
  private static final String NAME_INDEX = ".8.109.97.105.108.115.116.97.116";

  /** GETs at and around the served instances: values, noSuchInstance and noSuchObject must agree. */
  private static final List<String> PROBES = List.of(
      EXT, EXT + ".1", EXT + ".1.1.1", EXT + ".1.101", EXT + ".1.101.1", EXT + ".1.101.2", EXT + ".1.101.1.5",
      EXT + ".1.101.0", EXT + ".1.4.1", EXT + ".1.200.1", EXT + ".2",
      EXTEND, EXTEND + ".1", EXTEND + ".1.0", EXTEND + ".1.1", EXTEND + ".1.0.1", EXTEND + ".2.1.2",
      EXTEND + ".2.1.2" + NAME_INDEX, EXTEND + ".2.1.2.1.97", EXTEND + ".2.1.8" + NAME_INDEX,
      EXTEND + ".3.1.2" + NAME_INDEX, EXTEND + ".3.1.1.8.109.97.105.108.115.116.97.115",
      EXTEND + ".4.1.2" + NAME_INDEX + ".1", EXTEND + ".4.1.2" + NAME_INDEX + ".9",
      EXTEND + ".4.1.1" + NAME_INDEX + ".1", EXTEND + ".5");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"one-line", "no-final-newline", "several-lines", "empty", "missing"})
  void extTableAndExtendMibAreIdenticalToSnmpd(String scenario) throws Exception {
    Path stat = dir.resolve("mailstat");
    String line = "sent:12 received:345 bounced:6 rejected:78 virus:9 spam:10 delivered:1112 greylisted:13 delayed:14"
        + " lines:20000 unparsed:15";
    switch (scenario) {
      case "one-line" -> Files.writeString(stat, line + "\n");
      case "no-final-newline" -> Files.writeString(stat, line);
      case "several-lines" -> Files.writeString(stat, line + "\nsecond line\n\nfourth\n\n");
      case "empty" -> Files.writeString(stat, "");
      case "missing" -> { }
      default -> throw new IllegalArgumentException(scenario);
    }
    try (Snmpd snmpd = Snmpd.start(dir, "public", "rocommunity public 127.0.0.1\nexec mailstat /bin/cat " + stat + "\n");
        AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", stat.toString(), "--community", "public@127.0.0.1")) {
      for (String subtree : List.of(EXT, EXTEND)) {
        Tool ours = Tool.snmp("snmpwalk", "2c", "public", agent.port, subtree);
        Tool theirs = Tool.snmp("snmpwalk", "2c", "public", snmpd.port, subtree);
        assertThat(theirs.exitCode()).isZero();
        assertThat(theirs.lines()).isNotEmpty();
        assertThat(ours.out()).as("walk of %s", subtree).isEqualTo(theirs.out());
      }
      for (String v : List.of("1", "2c")) {
        assertThat(Tool.snmp("snmpwalk", v, "public", agent.port, EXT).out())
            .isEqualTo(Tool.snmp("snmpwalk", v, "public", snmpd.port, EXT).out());
      }
      for (String subtree : List.of(EXT, EXTEND)) {
        assertThat(Tool.snmp("snmpbulkwalk", "2c", "public", agent.port, "-Cr3", subtree).out())
            .isEqualTo(Tool.snmp("snmpbulkwalk", "2c", "public", snmpd.port, "-Cr3", subtree).out());
      }
      List<String> ours = new ArrayList<>();
      List<String> theirs = new ArrayList<>();
      for (String probe : PROBES) {
        ours.add(Tool.snmp("snmpget", "2c", "public", agent.port, probe).out());
        theirs.add(Tool.snmp("snmpget", "2c", "public", snmpd.port, probe).out());
      }
      assertThat(ours).isEqualTo(theirs);
      if (scenario.equals("one-line")) {
        assertThat(Tool.snmp("snmpget", "2c", "public", agent.port, EXT + ".1.101.1").out())
            .isEqualTo(EXT + ".1.101.1 = STRING: \"" + line + "\"\n");
      }
    }
  }

  @Test
  void furtherExecRowsAreIdenticalToSnmpdsToo() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2 bounced:3 rejected:4 virus:5 spam:6\n");
    Path other = dir.resolve("queue-size");
    Files.writeString(other, "active:3 deferred:17\nhold:0\n");
    Path tiny = dir.resolve("tiny");
    Files.writeString(tiny, "42");
    Path gone = dir.resolve("not-there");
    try (Snmpd snmpd = Snmpd.start(dir, "public", "rocommunity public 127.0.0.1\n"
            + "exec mailstat /bin/cat " + stat + "\nexec queue /bin/cat " + other + "\n"
            + "exec gone /bin/cat " + gone + "\nexec a /bin/cat " + tiny + "\n");
        AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", stat.toString(),
            "--exec", "queue=" + other, "--exec", "gone=" + gone, "--exec", "a=" + tiny)) {
      for (String subtree : List.of(EXT, EXTEND)) {
        Tool theirs = Tool.snmp("snmpwalk", "2c", "public", snmpd.port, subtree);
        assertThat(theirs.out()).contains("active:3 deferred:17");
        assertThat(Tool.snmp("snmpwalk", "2c", "public", agent.port, subtree).out()).as(subtree).isEqualTo(theirs.out());
      }
      Files.writeString(other, "active:4 deferred:1\n");
      java.time.Instant deadline = java.time.Instant.now().plusSeconds(5);
      String seen = "";
      while (java.time.Instant.now().isBefore(deadline) && !seen.contains("active:4")) {
        seen = Tool.snmp("snmpget", "2c", "public", agent.port, EXT + ".1.101.2").out();
      }
      assertThat(seen).contains("active:4 deferred:1");
    }
  }
}
