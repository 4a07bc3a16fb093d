package net.mailstat.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

  /** Starts serving {@code statFile}; throws {@link AgentStartException} if it cannot listen. */
  static InProcessAgent start(AgentOptions options, Path statFile) throws AgentStartException {
    Clock clock = Clock.systemUTC();
    SnmpAgent[] agent = new SnmpAgent[1];
    StatFilePoller poller = new StatFilePoller(statFile, AgentOptions.CAT, s -> agent[0].publish(s), clock);
    agent[0] = new SnmpAgent(options.settings(statFile), poller.read(), clock);
    agent[0].start();
    poller.start(POLL_INTERVAL);
    return new InProcessAgent(poller, agent[0]);
  }

  @Override
  public void close() {
    poller.stop();
    agent.stop();
  }
}
