package net.mailstat.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.mailstat.daemon.SourceStatus;
import net.mailstat.snmp.AgentSnapshot;
import net.mailstat.snmp.AgentStartException;
import net.mailstat.snmp.SnmpAgent;
import net.mailstat.snmp.StatFilePoller;

/** The SNMP agent run inside a counting process, serving the stat file that process writes. */
final class InProcessAgent implements AutoCloseable {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final StatFilePoller poller;
  private final SnmpAgent agent;

  private InProcessAgent(StatFilePoller poller, SnmpAgent agent) {
    this.poller = poller;
    this.agent = agent;
  }

  /**
   * Starts serving {@code statFile}, with the counting process's own sources (each log's latest
   * line, hence its staleness) in the source table; throws {@link AgentStartException} if it
   * cannot listen.
   */
  static InProcessAgent start(AgentOptions options, Path statFile, Supplier<List<SourceStatus>> sources)
      throws AgentStartException {
    Clock clock = Clock.systemUTC();
    SnmpAgent[] agent = new SnmpAgent[1];
    StatFilePoller poller = new StatFilePoller(statFile, AgentOptions.CAT,
        s -> agent[0].publish(withSources(s, sources.get())), clock);
    agent[0] = new SnmpAgent(options.settings(statFile), withSources(poller.read(), sources.get()), clock);
    agent[0].start();
    poller.start(POLL_INTERVAL);
    return new InProcessAgent(poller, agent[0]);
  }

  private static AgentSnapshot withSources(AgentSnapshot s, List<SourceStatus> sources) {
    List<AgentSnapshot.SourceRow> rows = new ArrayList<>();
    for (SourceStatus source : sources) {
      rows.add(new AgentSnapshot.SourceRow(source.sourceId(), source.lastLineMillis() / 1000));
    }
    AgentSnapshot.Health h = s.health();
    return new AgentSnapshot(s.statOutput(), s.statExitCode(), s.totals(), s.hosts(),
        new AgentSnapshot.Health(h.linesRead(), h.unparsedLines(), rows, h.status(), h.agentStartEpochSecond()));
  }

  /** The bound addresses, e.g. {@code 127.0.0.1/1161}. */
  java.util.List<String> boundAddresses() {
    return agent.boundAddresses();
  }

  @Override
  public void close() {
    poller.stop();
    agent.stop();
  }
}
