package net.mailstat.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "mailstat",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Mail-server statistics: classify mail logs, keep counters, serve them over SNMP.",
    commandListHeading = "%nCommands:%n")
final class MailstatCommand implements Runnable {
  /** The commands, in the order of the help text. */
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("parse", ParseCommand.class);
    COMMANDS.put("explain", ExplainCommand.class);
    COMMANDS.put("run", RunCommand.class);
    COMMANDS.put("counters", CountersCommand.class);
    COMMANDS.put("status", StatusCommand.class);
    COMMANDS.put("check", CheckCommand.class);
    COMMANDS.put("config", ConfigCommand.class);
    COMMANDS.put("demo", DemoCommand.class);
    COMMANDS.put("agent", AgentCommand.class);
    COMMANDS.put("rrd", RrdCommand.class);
    COMMANDS.put("web", WebCommand.class);
    COMMANDS.put("mailgraph", MailgraphCommand.class);
  }

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * The command tree for {@code args}: only the command they name when they name one, since picocli
   * reads all of a command's annotations when it is added, and reading all of them would add a
   * tenth of a second to every start (a Nagios check runs often); all commands otherwise, for the
   * help text, for suggestions after a typo, and for {@code config check}, which checks a file
   * against every command's options.
   */
  /** The command names, in help order. */
  static java.util.Set<String> commandNames() {
    return COMMANDS.keySet();
  }

  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new MailstatCommand());
    Class<?> named = args.length > 0 && !args[0].equals("config") ? COMMANDS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(args[0], named);
    } else {
      COMMANDS.forEach(cli::addSubcommand);
    }
    return cli;
  }
}
