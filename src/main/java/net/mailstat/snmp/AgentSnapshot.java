package net.mailstat.snmp;

import java.util.List;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import net.mailstat.queue.QueueSnapshot;

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
 * @param details the detail counts (side file {@code .details}), in stable row order
 * @param queues what this agent knows of the Postfix queues
 */
public record AgentSnapshot(
    String statOutput, int statExitCode, CounterSnapshot totals, List<HostRow> hosts, Health health,
    List<DetailRow> details, QueueState queues, List<DelayRow> delays) {

  public AgentSnapshot {
    hosts = List.copyOf(hosts);
    details = List.copyOf(details);
    delays = List.copyOf(delays);
  }

  /** A snapshot without detail rows or delays, of an agent that does not sample the queues. */
  public AgentSnapshot(String statOutput, int statExitCode, CounterSnapshot totals, List<HostRow> hosts, Health health) {
    this(statOutput, statExitCode, totals, hosts, health, List.of(), QueueState.NOT_SAMPLED, List.of());
  }

  public AgentSnapshot withSources(List<SourceRow> sources) {
    Health h = health;
    return new AgentSnapshot(statOutput, statExitCode, totals, hosts,
        new Health(h.linesRead(), h.unparsedLines(), sources, h.status(), h.agentStartEpochSecond()), details, queues,
        delays);
  }

  public AgentSnapshot withQueues(QueueState next) {
    return new AgentSnapshot(statOutput, statExitCode, totals, hosts, health, details, next, delays);
  }

  public AgentSnapshot withDelays(List<DelayRow> next) {
    return new AgentSnapshot(statOutput, statExitCode, totals, hosts, health, details, queues, next);
  }

  /**
   * The deliveries of one delay stage counted in the last minutes ({@link DelayWindow}), with their
   * median, 95th percentile and maximum in milliseconds, as estimated from the histogram's buckets.
   */
  public record DelayRow(net.mailstat.count.DelayHistogram.Stage stage, long deliveries, long medianMillis,
      long p95Millis, long maxMillis) {}

  /** One counted label of a detail family. */
  public record DetailRow(DetailKey key, long count) {}

  /**
   * The Postfix queues as this agent knows them: not sampled at all, sampled but no sample
   * finished yet ({@code latest} null), or the latest sample (up or unavailable).
   */
  public record QueueState(boolean sampled, QueueSnapshot latest) {
    public static final QueueState NOT_SAMPLED = new QueueState(false, null);

    /** The MAILSTAT-MIB mailstatQueueSamplerStatus value (persisted contract). */
    public int mibStatus() {
      if (!sampled) {
        return 1;
      }
      if (latest == null) {
        return 2;
      }
      return latest.up() ? 3 : 4;
    }
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
