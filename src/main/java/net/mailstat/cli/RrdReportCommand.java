package net.mailstat.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import net.mailstat.rrd.RrdInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the data sources as a table: messages per row and totals (a 'dsreport').")
final class RrdReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin RrdRangeOptions range;

  @Option(names = "--cf", paramLabel = "CF", description = "Archive to read (default: ${DEFAULT-VALUE}).")
  String cf = "AVERAGE";

  @Option(names = "--timezone", paramLabel = "ZONE", converter = ValueChecks.TimeZone.class, description = "Time zone of the times shown (default: the system's).")
  String timezone;

  @Parameters(paramLabel = "FILE") Path file;

  @Override
  public Integer call() {
    long[] se = range.resolve();
    ZoneId zone = timezone == null ? ZoneId.systemDefault() : ZoneId.of(timezone); // checked by ValueChecks
    return RrdCommand.tool(file,
        () -> RrdInspector.report(file, cf, se[0], se[1], range.resolution, zone, spec.commandLine().getOut()));
  }
}
