package net.mailstat.snmp;

import java.util.List;
import net.mailstat.count.CounterSnapshot;

/**
 * Everything the agent serves, as one immutable value. Request threads only ever read the latest
 * published snapshot; whoever owns the counters (the daemon, or {@link StatFilePoller} for
 * {@code mailstat agent}) builds a new one and publishes it.
 *
 * @param statOutput what {@code /bin/cat <stat-file>} prints (served as extOutput and
 *     nsExtendOutput*), including cat's own error message when the file is missing
 * @param statExitCode the exit status such a cat would have (extResult, nsExtendResult)
 * @param totals the category counts of the stat file
 * @param hosts per-syslog-host counts, in stable row order
 * @param health lines read, unparsed lines, sources, status and start time
 */
public record AgentSnapshot(
    String statOutput, int statExitCode, CounterSnapshot totals, List<HostRow> hosts, Health health) {

  public AgentSnapshot {
    hosts = List.copyOf(hosts);
  }

  /** One syslog host's counts (central loghost). */
  public record HostRow(String host, CounterSnapshot counts) {}

  /** One log source: its name and the time of its latest line (epoch seconds, 0 = none yet). */
  public record SourceRow(String name, long lastLineEpochSecond) {}

  /** What the agent can say about the health of the counting behind it. */
  public enum InstanceStatus {
    RUNNING(1),
    STAT_FILE_MISSING(2),
    STAT_FILE_DAMAGED(3);

    private final int mibValue;

    InstanceStatus(int mibValue) {
      this.mibValue = mibValue;
    }

    /** The MAILSTAT-MIB enumeration value (persisted contract). */
    public int mibValue() {
      return mibValue;
    }
  }

  public record Health(
      long linesRead,
      long unparsedLines,
      List<SourceRow> sources,
      InstanceStatus status,
      long agentStartEpochSecond) {
    public Health {
      sources = List.copyOf(sources);
    }
  }

  /** The first line of {@link #statOutput}, as net-snmp's extOutput shows it. */
  public String firstLine() {
    int newline = statOutput.indexOf('\n');
    return newline < 0 ? statOutput : statOutput.substring(0, newline);
  }
}
