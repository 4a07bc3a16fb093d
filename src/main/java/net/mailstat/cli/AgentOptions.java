package net.mailstat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.mailstat.snmp.AgentSettings;
import net.mailstat.snmp.V3User;
import picocli.CommandLine.Option;

/**
 * The SNMP agent's options, shared by {@code mailstat agent} and any command that runs the agent
 * in-process (mix it in with {@code @Mixin AgentOptions snmp;}). The stat file is the command's own.
 */
final class AgentOptions {
  static final String CAT = "/bin/cat";

  @Option(names = "--snmp", paramLabel = "udp:ADDR/PORT", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      converter = ValueChecks.SnmpAddress.class,
      description = "SNMP listen address, repeatable (default: " + AgentSettings.DEFAULT_LISTEN + ").")
  List<String> listen = new ArrayList<>();

  @Option(names = "--community", paramLabel = "NAME[@SOURCE]", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      converter = ValueChecks.Community.class,
      description = "Read-only v1/v2c community accepted from SOURCE (a network like 10.0.0.0/8, or 'default' for"
          + " anywhere; loopback addresses only if omitted). Repeatable. Without --community and --user,"
          + " 'public' from loopback only.")
  List<String> communities = new ArrayList<>();

  @Option(names = "--user", paramLabel = "NAME:AUTH:PASS[:PRIV:PASS]", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      converter = ValueChecks.V3User.class,
      description = "SNMPv3 user, AUTH SHA-256 or SHA-512, PRIV AES-128 or AES-256; a PASS written file:PATH is"
          + " read from PATH's first line (e.g. cacti:SHA-256:file:/etc/mailstat/cacti.auth:AES-128:file:"
          + "/etc/mailstat/cacti.priv). Repeatable. A literal PASS on the command line is visible in ps.")
  List<String> users = new ArrayList<>();

  @Option(names = "--root", paramLabel = "OID", converter = ValueChecks.RootOid.class,
      description = "MAILSTAT-MIB root (default: ${DEFAULT-VALUE}, a placeholder below netSnmpPlaypen).")
  String root = AgentSettings.DEFAULT_ROOT;

  @Option(names = "--ext-name", paramLabel = "NAME", converter = ValueChecks.ExtName.class,
      description = "extTable / nsExtendConfigTable row name, as in snmpd's 'exec NAME ...' (default: ${DEFAULT-VALUE}).")
  String extName = AgentSettings.DEFAULT_EXT_NAME;

  @Option(names = "--ext-command", paramLabel = "COMMAND",
      description = "Command shown as extCommand (default: '" + CAT + " <stat-file>').")
  String extCommand;

  @Option(names = "--exec", paramLabel = "NAME=FILE", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      converter = ValueChecks.Exec.class,
      description = "A further extTable / NET-SNMP-EXTEND-MIB row serving FILE as snmpd's"
          + " 'exec NAME /bin/cat FILE' does. Repeatable.")
  List<String> execs = new ArrayList<>();

  /** The settings for serving {@code statFile}; a bad value is a {@link UserError}. */
  AgentSettings settings(Path statFile) {
    try {
      List<AgentSettings.ListenAddress> addresses = new ArrayList<>();
      for (String s : listen.isEmpty() ? List.of(AgentSettings.DEFAULT_LISTEN) : listen) {
        addresses.add(AgentSettings.ListenAddress.parse(s));
      }
      List<AgentSettings.Community> communityList = new ArrayList<>();
      for (String s : communities) {
        communityList.add(AgentSettings.Community.parse(s));
      }
      List<V3User> userList = new ArrayList<>();
      for (int i = 0; i < users.size(); i++) {
        try {
          userList.add(V3User.parse(users.get(i), Secrets::readPassphrase));
        } catch (IllegalArgumentException e) {
          throw new UserError("--user #" + (i + 1) + ": " + e.getMessage());
        }
      }
      if (communityList.isEmpty() && userList.isEmpty()) {
        communityList.add(AgentSettings.Community.parse("public"));
      }
      List<AgentSettings.ExtraExec> extra = new ArrayList<>();
      for (String s : execs) {
        extra.add(AgentSettings.ExtraExec.parse(s));
      }
      String command = extCommand != null ? extCommand : CAT + " " + statFile;
      return new AgentSettings(addresses, communityList, userList, root, extName, command, extra);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
