package net.mailstat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mailstat.rrd.RrdInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fetch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print consolidated values like 'rrdtool fetch'.")
final class RrdFetchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin RrdRangeOptions range;

  @Parameters(index = "0", paramLabel = "FILE") Path file;

  @Parameters(index = "1", paramLabel = "CF", description = "AVERAGE, MIN, MAX or LAST.") String cf;

  @Override
  public Integer call() {
    long[] se = range.resolve();
    return RrdCommand.tool(file,
        () -> RrdInspector.fetch(file, cf, se[0], se[1], range.resolution, spec.commandLine().getOut()));
  }
}
