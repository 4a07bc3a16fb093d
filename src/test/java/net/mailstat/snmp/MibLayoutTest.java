package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.mailstat.count.CounterSnapshot;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;

class MibLayoutTest {
  private static final String ROOT = "1.3.6.1.4.1.8072.9999.9999.7025";
  private static final String NAME = ".8.109.97.105.108.115.116.97.116";

  private static OidTable table(String output, int exit, List<AgentSnapshot.HostRow> hosts, long lastLine) {
    AgentSnapshot s = new AgentSnapshot(output, exit, CounterSnapshot.of(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}), hosts,
        new AgentSnapshot.Health(10, 11, List.of(new AgentSnapshot.SourceRow("/var/log/mail.log", lastLine)),
            AgentSnapshot.InstanceStatus.STAT_FILE_DAMAGED, 1000));
    return new MibLayout(new OID(ROOT), "mailstat", "/bin/cat /var/tmp/mailstat").build(s, 1100);
  }

  private static String get(OidTable t, String oid) {
    return String.valueOf(t.get(new OID(oid)));
  }

  @Test
  void stringIndexIsLengthThenBytes() {
    assertThat(MibLayout.stringIndex("mailstat")).isEqualTo(new OID(NAME.substring(1)));
    assertThat(MibLayout.stringIndex("")).isEqualTo(new OID(new int[] {0}));
  }

  @Test
  void extendRowsSplitTheOutputIntoLines() {
    OidTable t = table("first\n\nthird", 0, List.of(), 0);
    assertThat(get(t, "1.3.6.1.4.1.8072.1.3.2.3.1.3" + NAME)).isEqualTo("3");
    assertThat(get(t, "1.3.6.1.4.1.8072.1.3.2.3.1.1" + NAME)).isEqualTo("first");
    assertThat(get(t, "1.3.6.1.4.1.8072.1.3.2.4.1.2" + NAME + ".2")).isEqualTo("");
    assertThat(get(t, "1.3.6.1.4.1.8072.1.3.2.4.1.2" + NAME + ".3")).isEqualTo("third");
    assertThat(t.get(new OID("1.3.6.1.4.1.8072.1.3.2.4.1.2" + NAME + ".4"))).isNull();
    assertThat(get(t, "1.3.6.1.4.1.8072.1.3.2.2.1.2" + NAME)).isEqualTo("/bin/cat");
    assertThat(get(t, "1.3.6.1.4.1.8072.1.3.2.2.1.3" + NAME)).isEqualTo("/var/tmp/mailstat");
    assertThat(get(t, "1.3.6.1.4.1.2021.8.1.101.1")).isEqualTo("first");
  }

  @Test
  void mailstatObjectsCarryTheSnapshot() {
    OidTable t = table("x", 1, List.of(new AgentSnapshot.HostRow("mx", CounterSnapshot.zero().with(
        net.mailstat.count.Category.SPAM, 42))), 1090);
    assertThat(get(t, ROOT + ".1.1.9.0")).isEqualTo("9");
    assertThat(get(t, ROOT + ".1.2.1.2.1")).isEqualTo("mx");
    assertThat(get(t, ROOT + ".1.2.1.8.1")).isEqualTo("42");
    assertThat(get(t, ROOT + ".1.3.3.0")).isEqualTo("3");
    assertThat(get(t, ROOT + ".1.3.5.1.4.1")).as("staleness").isEqualTo("10");
    assertThat(get(t, "1.3.6.1.4.1.2021.8.1.100.1")).isEqualTo("1");
    assertThat(t.isAtOrBelowKnownObject(new OID(ROOT + ".1.2.1.2.7"))).isTrue();
    assertThat(t.isAtOrBelowKnownObject(new OID(ROOT + ".1.2.1.12.1"))).isFalse();
  }

  @Test
  void stalenessCountsFromAgentStartBeforeTheFirstLine() {
    assertThat(get(table("x", 0, List.of(), 0), ROOT + ".1.3.5.1.4.1")).isEqualTo("100");
  }
}
