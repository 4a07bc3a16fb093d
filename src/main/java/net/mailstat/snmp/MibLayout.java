package net.mailstat.snmp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.queue.QueueTotals;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UnsignedInteger32;

/**
 * Where each value of a snapshot is served. The OIDs are persisted contracts, listed in
 * docs/oids.md; the UCD and NET-SNMP-EXTEND parts reproduce what net-snmp 5.9's snmpd serves for
 * {@code exec NAME /bin/cat FILE} (found by walking a real snmpd, checked by SnmpdDifferentialIT).
 */
final class MibLayout {
  /** UCD-SNMP-MIB::extTable. */
  static final OID EXT_TABLE = new OID("1.3.6.1.4.1.2021.8");
  /** NET-SNMP-EXTEND-MIB::nsExtendObjects. */
  static final OID NS_EXTEND = new OID("1.3.6.1.4.1.8072.1.3.2");

  private static final OID EXT_ENTRY = new OID(EXT_TABLE).append(1);
  private static final int EXT_INDEX = 1;
  private static final int EXT_NAMES = 2;
  private static final int EXT_COMMAND = 3;
  private static final int EXT_RESULT = 100;
  private static final int EXT_OUTPUT = 101;
  private static final int EXT_ERR_FIX = 102;
  private static final int EXT_ERR_FIX_CMD = 103;

  private static final OID NS_EXTEND_NUM_ENTRIES = new OID(NS_EXTEND).append(1);
  private static final OID NS_EXTEND_CONFIG_ENTRY = new OID(NS_EXTEND).append("2.1");
  private static final OID NS_EXTEND_OUTPUT1_ENTRY = new OID(NS_EXTEND).append("3.1");
  private static final OID NS_EXTEND_OUTPUT2_ENTRY = new OID(NS_EXTEND).append("4.1");

  /** net-snmp's defaults for an exec line: cache 5 s, exec type exec(1), run-on-read(1), permanent(4), active(1). */
  private static final int NS_CACHE_TIME = 5;
  private static final int NS_EXEC_TYPE_EXEC = 1;
  private static final int NS_RUN_ON_READ = 1;
  private static final int STORAGE_PERMANENT = 4;
  private static final int ROW_STATUS_ACTIVE = 1;

  private final OID root;
  private final String extName;
  private final String extCommand;

  MibLayout(OID root, String extName, String extCommand) {
    this.root = root;
    this.extName = extName;
    this.extCommand = extCommand;
  }

  OID root() {
    return root;
  }

  /** One exec row: its name, the command it shows, and that command's output. */
  record ExecRow(String name, String command, CatOutput output) {}

  OidTable build(AgentSnapshot snapshot, List<ExecRow> extraRows, long nowEpochSecond) {
    OidTable.Builder t = new OidTable.Builder();
    List<ExecRow> rows = new java.util.ArrayList<>();
    rows.add(new ExecRow(extName, extCommand, new CatOutput(snapshot.statOutput(), snapshot.statExitCode())));
    rows.addAll(extraRows);
    for (int i = 0; i < rows.size(); i++) {
      addExtRow(t, i + 1, rows.get(i));
      addNsExtendRow(t, rows.get(i));
    }
    t.put(NS_EXTEND_NUM_ENTRIES, 0, new Integer32(rows.size()));
    addMailstat(t, snapshot, nowEpochSecond);
    return t.build();
  }

  OidTable build(AgentSnapshot snapshot, long nowEpochSecond) {
    return build(snapshot, List.of(), nowEpochSecond);
  }

  private static void addExtRow(OidTable.Builder t, int row, ExecRow r) {
    t.put(column(EXT_ENTRY, EXT_INDEX), row, new Integer32(row));
    t.put(column(EXT_ENTRY, EXT_NAMES), row, new OctetString(r.name()));
    t.put(column(EXT_ENTRY, EXT_COMMAND), row, new OctetString(r.command()));
    t.put(column(EXT_ENTRY, EXT_RESULT), row, new Integer32(r.output().exitCode()));
    t.put(column(EXT_ENTRY, EXT_OUTPUT), row, text(r.output().firstLine()));
    t.put(column(EXT_ENTRY, EXT_ERR_FIX), row, new Integer32(0));
    t.put(column(EXT_ENTRY, EXT_ERR_FIX_CMD), row, new OctetString(""));
  }

  private static void addNsExtendRow(OidTable.Builder t, ExecRow r) {
    OID name = stringIndex(r.name());
    int space = r.command().indexOf(' ');
    String command = space < 0 ? r.command() : r.command().substring(0, space);
    String args = space < 0 ? "" : r.command().substring(space + 1);
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 2), name, new OctetString(command));
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 3), name, new OctetString(args));
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 4), name, new OctetString(""));
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 5), name, new Integer32(NS_CACHE_TIME));
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 6), name, new Integer32(NS_EXEC_TYPE_EXEC));
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 7), name, new Integer32(NS_RUN_ON_READ));
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 20), name, new Integer32(STORAGE_PERMANENT));
    t.put(column(NS_EXTEND_CONFIG_ENTRY, 21), name, new Integer32(ROW_STATUS_ACTIVE));

    String output = r.output().output();
    String[] lines = output.split("\n", -1);
    t.put(column(NS_EXTEND_OUTPUT1_ENTRY, 1), name, text(r.output().firstLine()));
    t.put(column(NS_EXTEND_OUTPUT1_ENTRY, 2), name, text(output));
    t.put(column(NS_EXTEND_OUTPUT1_ENTRY, 3), name, new Integer32(lines.length));
    t.put(column(NS_EXTEND_OUTPUT1_ENTRY, 4), name, new Integer32(r.output().exitCode()));
    OID outLine = column(NS_EXTEND_OUTPUT2_ENTRY, 2);
    for (int i = 0; i < lines.length; i++) {
      t.put(outLine, new OID(name).append(i + 1), text(lines[i]));
    }
  }

  private void addMailstat(OidTable.Builder t, AgentSnapshot s, long now) {
    OID counters = new OID(root).append("1.1");
    for (Category c : Category.all()) {
      t.put(new OID(counters).append(c.ordinal() + 1), 0, new Counter64(s.totals().get(c)));
    }

    OID hostEntry = new OID(root).append("1.2.1");
    List<AgentSnapshot.HostRow> hosts = s.hosts();
    t.object(column(hostEntry, 2));
    for (Category c : Category.all()) {
      t.object(column(hostEntry, 3 + c.ordinal()));
    }
    for (int i = 0; i < hosts.size(); i++) {
      int row = i + 1;
      AgentSnapshot.HostRow host = hosts.get(i);
      t.put(column(hostEntry, 2), row, text(host.host()));
      CounterSnapshot counts = host.counts();
      for (Category c : Category.all()) {
        t.put(column(hostEntry, 3 + c.ordinal()), row, new Counter64(counts.get(c)));
      }
    }

    OID health = new OID(root).append("1.3");
    AgentSnapshot.Health h = s.health();
    t.put(new OID(health).append(1), 0, new Counter64(h.linesRead()));
    t.put(new OID(health).append(2), 0, new Counter64(h.unparsedLines()));
    t.put(new OID(health).append(3), 0, new Integer32(h.status().mibValue()));
    t.put(new OID(health).append(4), 0, new UnsignedInteger32(h.agentStartEpochSecond()));

    OID sourceEntry = new OID(health).append("5.1");
    t.object(column(sourceEntry, 2)).object(column(sourceEntry, 3)).object(column(sourceEntry, 4));
    List<AgentSnapshot.SourceRow> sources = h.sources();
    for (int i = 0; i < sources.size(); i++) {
      int row = i + 1;
      AgentSnapshot.SourceRow source = sources.get(i);
      long last = source.lastLineEpochSecond();
      long since = last > 0 ? last : h.agentStartEpochSecond();
      t.put(column(sourceEntry, 2), row, text(source.name()));
      t.put(column(sourceEntry, 3), row, new UnsignedInteger32(Math.max(0, last)));
      t.put(column(sourceEntry, 4), row, gauge(now - since));
    }
    addDetails(t, s.details());
    addQueues(t, s.queues());
    addDelays(t, s.delays());
  }

  private void addDelays(OidTable.Builder t, List<AgentSnapshot.DelayRow> delays) {
    OID base = new OID(root).append("1.6");
    t.put(new OID(base).append(1), 0, new Integer32((int) DelayWindow.WINDOW_SECONDS));
    OID delayEntry = new OID(base).append("2.1");
    for (int c = 2; c <= 6; c++) {
      t.object(column(delayEntry, c));
    }
    for (AgentSnapshot.DelayRow d : delays) {
      int row = d.stage().ordinal() + 1;
      t.put(column(delayEntry, 2), row, text(d.stage().key()));
      t.put(column(delayEntry, 3), row, gauge(d.deliveries()));
      t.put(column(delayEntry, 4), row, gauge(d.medianMillis()));
      t.put(column(delayEntry, 5), row, gauge(d.p95Millis()));
      t.put(column(delayEntry, 6), row, gauge(d.maxMillis()));
    }
  }

  private void addDetails(OidTable.Builder t, List<AgentSnapshot.DetailRow> details) {
    OID detailEntry = new OID(root).append("1.4.1");
    for (int c = 2; c <= 5; c++) {
      t.object(column(detailEntry, c));
    }
    int row = 0;
    for (AgentSnapshot.DetailRow d : details) {
      if (d.key().family() == DetailFamily.DELAY) {
        continue; // its buckets are served as the windowed gauges of mailstatDelayTable
      }
      row++;
      String family = d.key().family().key();
      t.put(column(detailEntry, 2), row, text(family));
      t.put(column(detailEntry, 3), row, text(d.key().label()));
      t.put(column(detailEntry, 4), row, text(family + ":" + d.key().label()));
      t.put(column(detailEntry, 5), row, new Counter64(d.count()));
    }
  }

  private void addQueues(OidTable.Builder t, AgentSnapshot.QueueState queues) {
    OID base = new OID(root).append("1.5");
    QueueSnapshot latest = queues.latest();
    t.put(new OID(base).append(1), 0, new Integer32(queues.mibStatus()));
    t.put(new OID(base).append(2), 0, new UnsignedInteger32(latest == null ? 0 : Math.max(0, latest.epochSecond())));
    t.put(new OID(base).append(3), 0, text(latest == null || latest.up() ? "" : latest.reason()));
    OID queueEntry = new OID(base).append("4.1");
    for (int c = 2; c <= 5; c++) {
      t.object(column(queueEntry, c));
    }
    if (latest == null || !latest.up()) {
      return;
    }
    for (QueueName queue : QueueName.values()) {
      int row = queue.ordinal() + 1;
      QueueTotals q = latest.totals(queue);
      t.put(column(queueEntry, 2), row, text(queue.key()));
      t.put(column(queueEntry, 3), row, gauge(q.messages()));
      t.put(column(queueEntry, 4), row, gauge(q.bytes() / 1024 + (q.bytes() % 1024 == 0 ? 0 : 1)));
      t.put(column(queueEntry, 5), row, gauge(q.oldestAgeSeconds()));
    }
  }

  private static Gauge32 gauge(long value) {
    return new Gauge32(Math.min(0xffffffffL, Math.max(0, value)));
  }

  private static OID column(OID entry, int column) {
    return new OID(entry).append(column);
  }

  /** A string table index as net-snmp encodes it: length, then one sub-identifier per byte. */
  static OID stringIndex(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length + 1];
    ids[0] = bytes.length;
    for (int i = 0; i < bytes.length; i++) {
      ids[i + 1] = bytes[i] & 0xff;
    }
    return new OID(ids);
  }

  private static OctetString text(String s) {
    return new OctetString(s.getBytes(StandardCharsets.UTF_8));
  }
}
