package net.mailstat.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import net.mailstat.snmp.AgentSettings;
import net.mailstat.snmp.AgentStartException;
import net.mailstat.snmp.SnmpAgent;
import net.mailstat.snmp.StatFilePoller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Serve the stat file over SNMP (UCD extTable, NET-SNMP-EXTEND-MIB, MAILSTAT-MIB) until stopped.",
        "Without --community and --user, community 'public' is accepted from 127.0.0.0/8 only."})
final class AgentCommand implements Callable<Integer> {
  private static final String CAT = "/bin/cat";
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Option(names = "--stat-file", paramLabel = "FILE", description = "The stat file to serve (default: ${DEFAULT-VALUE}).")
  Path statFile = Path.of("/var/tmp/mailstat");

  @Option(names = "--snmp", paramLabel = "udp:ADDR/PORT", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      description = "Listen address, repeatable (default: " + AgentSettings.DEFAULT_LISTEN + ").")
  List<String> listen = new ArrayList<>();

  @Option(names = "--community", paramLabel = "NAME[@SOURCE]", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      description = "Read-only v1/v2c community accepted from SOURCE (a network like 10.0.0.0/8, or 'default' for"
          + " anywhere; loopback only if omitted). Repeatable.")
  List<String> communities = new ArrayList<>();

  @Option(names = "--user", paramLabel = "NAME:AUTH:PASS[:PRIV:PASS]", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      description = "SNMPv3 user, AUTH SHA-256 or SHA-512, PRIV AES-128 or AES-256 (e.g."
          + " cacti:SHA-256:authpass1:AES-128:privpass1). Repeatable; prefer the config file for secrets.")
  List<String> users = new ArrayList<>();

  @Option(names = "--root", paramLabel = "OID",
      description = "MAILSTAT-MIB root (default: ${DEFAULT-VALUE}, a placeholder below netSnmpPlaypen).")
  String root = AgentSettings.DEFAULT_ROOT;

  @Option(names = "--ext-name", paramLabel = "NAME",
      description = "extTable / nsExtendConfigTable row name, as in snmpd's 'exec NAME ...' (default: ${DEFAULT-VALUE}).")
  String extName = AgentSettings.DEFAULT_EXT_NAME;

  @Option(names = "--ext-command", paramLabel = "COMMAND",
      description = "Command shown as extCommand (default: '" + CAT + " <stat-file>').")
  String extCommand;

  @Override
  public Integer call() throws InterruptedException {
    AgentSettings settings = settings();
    Clock clock = Clock.systemUTC();
    SnmpAgent[] agentRef = new SnmpAgent[1];
    StatFilePoller poller = new StatFilePoller(statFile, CAT, s -> agentRef[0].publish(s), clock);
    SnmpAgent agent = new SnmpAgent(settings, poller.read(), clock);
    agentRef[0] = agent;
    try {
      agent.start();
    } catch (AgentStartException e) {
      throw new UserError(e.getMessage());
    }
    poller.start(POLL_INTERVAL);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      poller.stop();
      agent.stop();
      stopped.countDown();
    }, "agent-shutdown"));
    stopped.await();
    return Main.EXIT_OK;
  }

  private AgentSettings settings() {
    try {
      List<AgentSettings.ListenAddress> addresses = new ArrayList<>();
      for (String s : listen.isEmpty() ? List.of(AgentSettings.DEFAULT_LISTEN) : listen) {
        addresses.add(AgentSettings.ListenAddress.parse(s));
      }
      List<AgentSettings.Community> communityList = new ArrayList<>();
      for (String s : communities) {
        communityList.add(AgentSettings.Community.parse(s));
      }
      List<AgentSettings.V3User> userList = new ArrayList<>();
      for (String s : users) {
        userList.add(AgentSettings.V3User.parse(s));
      }
      if (communityList.isEmpty() && userList.isEmpty()) {
        communityList.add(AgentSettings.Community.parse("public"));
      }
      String command = extCommand != null ? extCommand : CAT + " " + statFile;
      return new AgentSettings(addresses, communityList, userList, root, extName, command);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
