package net.mailstat.cli;

import net.mailstat.state.StatFileFamily;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import net.mailstat.daemon.Services;
import net.mailstat.queue.QueueSampler;
import net.mailstat.queue.QueueSettings;
import net.mailstat.snmp.AgentFeed;
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
  @Mixin QueueOptions queueOptions;

  @Option(names = "--stat-file", paramLabel = "FILE", description = "The stat file to serve (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Override
  public Integer call() throws InterruptedException {
    AgentSettings settings = snmp.settings(statFile);
    QueueSettings queueSettings = queueOptions.settings();
    Clock clock = Clock.systemUTC();
    try (Services services = new Services()) {
      QueueSampler queue = queueSettings == null ? null
          : services.add("queue sampler", QueueSampler.create(queueSettings, clock));
      AgentFeed feed = new AgentFeed(new StatFilePoller(statFile, AgentOptions.CAT, clock), null,
          queue == null ? null : queue::latest, clock);
      SnmpAgent agent = new SnmpAgent(settings, feed.read(), clock);
      try {
        agent.start();
      } catch (AgentStartException e) {
        throw new UserError(e.getMessage());
      }
      services.add("SNMP agent", agent::stop);
      if (queue != null) {
        queue.start();
      }
      feed.start(agent::publish, POLL_INTERVAL);
      services.add("stat file poller", feed);
      services.awaitShutdown();
    }
    return Main.EXIT_OK;
  }

}
