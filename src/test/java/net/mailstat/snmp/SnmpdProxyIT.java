package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs/snmp.md recipe for sites that keep net-snmp on port 161: snmpd's {@code proxy} line
 * forwards the MAILSTAT-MIB subtree to mailstat, over v2c or v3.
 */
class SnmpdProxyIT {
  private static final String ROOT = ".1.3.6.1.4.1.8072.9999.9999.7025";
  private static final String STALENESS = ROOT + ".1.3.5.1.4.";

  @Test
  void snmpdForwardsTheMailstatSubtree(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:31 received:32 bounced:33 rejected:34 virus:35 spam:36 delivered:37\n");
    Files.writeString(dir.resolve("mailstat.hosts"), "relay.example.net sent:31 received:32\n");
    // --no-queue: a sampler would move from starting to ok or unavailable between the two walks.
    try (AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", stat.toString(), "--no-queue",
            "--community", "public@127.0.0.1", "--user", "proxy:SHA-256:authpass123:AES-128:privpass123");
        Snmpd v2 = Snmpd.start(dir, "public", "rocommunity public 127.0.0.1\n"
            + "proxy -v 2c -c public 127.0.0.1:" + agent.port + " " + ROOT + "\n");
        Snmpd v3 = Snmpd.start(dir, "public", "rocommunity public 127.0.0.1\n"
            + "proxy -v 3 -l authPriv -u proxy -a SHA-256 -A authpass123 -x AES -X privpass123 127.0.0.1:"
            + agent.port + " " + ROOT + "\n")) {
      List<String> direct = withoutStaleness(Tool.snmp("snmpwalk", "2c", "public", agent.port, ROOT).lines());
      assertThat(direct).contains(ROOT + ".1.1.1.0 = Counter64: 31", ROOT + ".1.2.1.2.1 = STRING: \"relay.example.net\"");
      for (Snmpd snmpd : List.of(v2, v3)) {
        assertThat(withoutStaleness(Tool.snmp("snmpwalk", "2c", "public", snmpd.port, ROOT).lines())).isEqualTo(direct);
        assertThat(withoutStaleness(Tool.snmp("snmpbulkwalk", "2c", "public", snmpd.port, ROOT).lines())).isEqualTo(direct);
        assertThat(Tool.snmp("snmpget", "2c", "public", snmpd.port, ROOT + ".1.1.7.0").out())
            .isEqualTo(ROOT + ".1.1.7.0 = Counter64: 37\n");
        assertThat(Tool.snmp("snmpget", "2c", "public", snmpd.port, STALENESS + "1").out()).contains("Gauge32: ");
      }
    }
  }

  /** Staleness counts seconds, so two walks a second apart differ there and nowhere else. */
  private static List<String> withoutStaleness(List<String> lines) {
    return lines.stream().filter(l -> !l.startsWith(STALENESS)).toList();
  }
}
