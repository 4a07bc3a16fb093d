package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.queue.QueueTotals;
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

  private static OidTable withDetailsAndQueues(List<AgentSnapshot.DetailRow> details, AgentSnapshot.QueueState queues) {
    AgentSnapshot s = new AgentSnapshot("x", 0, CounterSnapshot.zero(), List.of(),
        new AgentSnapshot.Health(0, 0, List.of(), AgentSnapshot.InstanceStatus.RUNNING, 1000), details, queues,
        List.of(new AgentSnapshot.DelayRow(net.mailstat.count.DelayHistogram.Stage.IN_QMGR, 4, 120, 900, 1000)));
    return new MibLayout(new OID(ROOT), "mailstat", "/bin/cat /var/tmp/mailstat").build(s, 1100);
  }

  @Test
  void detailRowsCarryFamilyLabelNameAndCountInTheirOrder() {
    OidTable t = withDetailsAndQueues(List.of(
        new AgentSnapshot.DetailRow(new DetailKey(DetailFamily.TLS, "inbound-trusted"), 5),
        new AgentSnapshot.DetailRow(new DetailKey(DetailFamily.REJECT, "unknown-recipient"), 1L << 40)),
        AgentSnapshot.QueueState.NOT_SAMPLED);
    assertThat(get(t, ROOT + ".1.4.1.2.1")).isEqualTo("tls");
    assertThat(get(t, ROOT + ".1.4.1.3.1")).isEqualTo("inbound-trusted");
    assertThat(get(t, ROOT + ".1.4.1.4.1")).isEqualTo("tls:inbound-trusted");
    assertThat(get(t, ROOT + ".1.4.1.5.1")).isEqualTo("5");
    assertThat(get(t, ROOT + ".1.4.1.4.2")).isEqualTo("reject:unknown-recipient");
    assertThat(t.get(new OID(ROOT + ".1.4.1.5.2"))).isEqualTo(new org.snmp4j.smi.Counter64(1L << 40));
    assertThat(t.get(new OID(ROOT + ".1.4.1.5.3"))).isNull();
    assertThat(t.isAtOrBelowKnownObject(new OID(ROOT + ".1.4.1.5.3"))).isTrue();
  }

  @Test
  void anAgentThatDoesNotSampleTheQueuesSaysSoAndServesNoQueueRows() {
    OidTable t = withDetailsAndQueues(List.of(), AgentSnapshot.QueueState.NOT_SAMPLED);
    assertThat(get(t, ROOT + ".1.5.1.0")).isEqualTo("1");
    assertThat(get(t, ROOT + ".1.5.2.0")).isEqualTo("0");
    assertThat(t.get(new OID(ROOT + ".1.5.4.1.2.1"))).isNull();
    assertThat(get(withDetailsAndQueues(List.of(), new AgentSnapshot.QueueState(true, null)), ROOT + ".1.5.1.0"))
        .as("sampling, first sample not done").isEqualTo("2");
  }

  @Test
  void aGoodQueueSampleGivesOneRowPerQueueInKilobytesRoundedUp() {
    QueueSnapshot sample = new QueueSnapshot(1_800_000_000L, Map.of(
        QueueName.DEFERRED, new QueueTotals(3, 2049, 7200),
        QueueName.ACTIVE, new QueueTotals(1, 1024, 5)), 0, null);
    OidTable t = withDetailsAndQueues(List.of(), new AgentSnapshot.QueueState(true, sample));
    assertThat(get(t, ROOT + ".1.5.1.0")).isEqualTo("3");
    assertThat(get(t, ROOT + ".1.5.2.0")).isEqualTo("1800000000");
    assertThat(get(t, ROOT + ".1.5.3.0")).isEmpty();
    assertThat(get(t, ROOT + ".1.5.4.1.2.1")).isEqualTo("maildrop");
    assertThat(get(t, ROOT + ".1.5.4.1.2.4")).isEqualTo("deferred");
    assertThat(get(t, ROOT + ".1.5.4.1.3.4")).isEqualTo("3");
    assertThat(get(t, ROOT + ".1.5.4.1.4.4")).as("2049 bytes").isEqualTo("3");
    assertThat(get(t, ROOT + ".1.5.4.1.4.3")).as("1024 bytes").isEqualTo("1");
    assertThat(get(t, ROOT + ".1.5.4.1.5.4")).isEqualTo("7200");
    assertThat(get(t, ROOT + ".1.5.4.1.3.5")).as("hold, empty").isEqualTo("0");
    assertThat(t.get(new OID(ROOT + ".1.5.4.1.2.6"))).isNull();
  }

  @Test
  void aFailedQueueSampleGivesItsReasonAndNoRows() {
    QueueSnapshot failed = new QueueSnapshot(1_800_000_000L, Map.of(), 0, "postqueue: fatal: Queue report unavailable");
    OidTable t = withDetailsAndQueues(List.of(), new AgentSnapshot.QueueState(true, failed));
    assertThat(get(t, ROOT + ".1.5.1.0")).isEqualTo("4");
    assertThat(get(t, ROOT + ".1.5.3.0")).isEqualTo("postqueue: fatal: Queue report unavailable");
    assertThat(t.get(new OID(ROOT + ".1.5.4.1.3.4"))).isNull();
  }

  @Test
  void delayRowsSitAtTheirStagesIndexAndDelayFamilyRowsStayOutOfTheDetailTable() {
    OidTable t = withDetailsAndQueues(List.of(
        new AgentSnapshot.DetailRow(net.mailstat.count.DelayHistogram.sumKey(net.mailstat.count.DelayHistogram.Stage.TOTAL), 9),
        new AgentSnapshot.DetailRow(new DetailKey(DetailFamily.REJECT, "size"), 2)), AgentSnapshot.QueueState.NOT_SAMPLED);
    assertThat(get(t, ROOT + ".1.4.1.4.1")).as("the first row that is not a delay").isEqualTo("reject:size");
    assertThat(t.get(new OID(ROOT + ".1.4.1.4.2"))).isNull();
    assertThat(get(t, ROOT + ".1.6.1.0")).isEqualTo("300");
    assertThat(get(t, ROOT + ".1.6.2.1.2.3")).isEqualTo("in-qmgr");
    assertThat(get(t, ROOT + ".1.6.2.1.3.3")).isEqualTo("4");
    assertThat(get(t, ROOT + ".1.6.2.1.4.3")).isEqualTo("120");
    assertThat(get(t, ROOT + ".1.6.2.1.5.3")).isEqualTo("900");
    assertThat(get(t, ROOT + ".1.6.2.1.6.3")).isEqualTo("1000");
  }
}
