package net.mailstat.cli;

import net.mailstat.state.StatFileFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "counters",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Print the current merged counters from the stat file.")
final class CountersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Option(names = "--stat-file", paramLabel = "FILE", description = "Stat file (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Output: table (default), json, or mailstat (the stat-file line).")
  CountsFormat format = CountsFormat.table;

  @Override
  public Integer call() {
    StatFileContent content;
    try {
      content = StatFileReader.read(statFile)
          .orElseThrow(() -> new UserError(statFile + ": no such file (is mailstat run running?)"));
    } catch (StatFileException e) {
      throw new UserError(e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot read " + statFile + ": " + e.getMessage());
    }
    format.print(spec.commandLine().getOut(), content.counts(), content.extras());
    return Main.EXIT_OK;
  }
}
