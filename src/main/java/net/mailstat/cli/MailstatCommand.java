package net.mailstat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "mailstat",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Mail-server statistics: classify mail logs, keep counters, serve them over SNMP.",
    subcommands = {ParseCommand.class, RunCommand.class, CountersCommand.class, CheckCommand.class, ConfigCommand.class,
        DemoCommand.class, AgentCommand.class, RrdCommand.class, WebCommand.class},
    commandListHeading = "%nCommands:%n")
final class MailstatCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
