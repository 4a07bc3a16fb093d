package net.mailstat.cli;

import net.mailstat.state.StatFileFamily;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import net.mailstat.daemon.Services;
import net.mailstat.snmp.AgentSettings;
import net.mailstat.snmp.AgentStartException;
import net.mailstat.snmp.SnmpAgent;
import net.mailstat.snmp.StatFilePoller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Serve the stat file over SNMP (UCD extTable, NET-SNMP-EXTEND-MIB, MAILSTAT-MIB) until stopped."
        + " See docs/snmp.md.")
final class AgentCommand implements Callable<Integer> {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  @Mixin ConfigOption configOption;
  @Mixin AgentOptions snmp;

  @Option(names = "--stat-file", paramLabel = "FILE", description = "The stat file to serve (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Override
  public Integer call() throws InterruptedException {
    AgentSettings settings = snmp.settings(statFile);
    Clock clock = Clock.systemUTC();
    SnmpAgent[] agentRef = new SnmpAgent[1];
    StatFilePoller poller = new StatFilePoller(statFile, AgentOptions.CAT, s -> agentRef[0].publish(s), clock);
    SnmpAgent agent = new SnmpAgent(settings, poller.read(), clock);
    agentRef[0] = agent;
    try (Services services = new Services()) {
      try {
        agent.start();
      } catch (AgentStartException e) {
        throw new UserError(e.getMessage());
      }
      services.add("SNMP agent", agent::stop);
      poller.start(POLL_INTERVAL);
      services.add("stat file poller", poller::stop);
      services.awaitShutdown();
    }
    return Main.EXIT_OK;
  }

}
