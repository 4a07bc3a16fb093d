package net.mailstat.cli;

import java.io.IOException;
import java.nio.file.Path;
import net.mailstat.rrd.RrdToolException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "rrd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "rrdtool-style tools for mailstat's RRD files, and migration of mailgraph's history.",
    subcommands = {RrdFetchCommand.class, RrdInfoCommand.class, RrdDumpCommand.class, RrdRestoreCommand.class,
        RrdReportCommand.class, RrdImportCommand.class, RrdUpdateFromLogCommand.class},
    commandListHeading = "%nCommands:%n")
final class RrdCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Runs an rrd tool, turning its failures into one-line user errors. */
  static int tool(Path file, Tool action) {
    try {
      action.run();
      return Main.EXIT_OK;
    } catch (RrdToolException e) {
      throw new UserError(e.getMessage());
    } catch (IOException e) {
      throw new UserError((file == null ? "" : file + ": ") + e.getMessage());
    }
  }

  @FunctionalInterface
  interface Tool {
    void run() throws RrdToolException, IOException;
  }
}
