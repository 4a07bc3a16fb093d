package net.mailstat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mailstat.rrd.RrdInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the header, data sources and archives like 'rrdtool info'.")
final class RrdInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Parameters(paramLabel = "FILE") Path file;

  @Override
  public Integer call() {
    return RrdCommand.tool(file, () -> RrdInspector.info(file, spec.commandLine().getOut()));
  }
}
