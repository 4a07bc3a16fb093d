package net.mailstat.cli;

import net.mailstat.rrd.RrdToolException;
import net.mailstat.rrd.TimeSpecs;
import picocli.CommandLine.Option;

/** rrdtool fetch's -s, -e and -r. */
final class RrdRangeOptions {
  @Option(names = {"-s", "--start"}, paramLabel = "TIME",
      description = "Start, rrdtool style: now-1year, -1d, end-1w, epoch seconds (default: ${DEFAULT-VALUE}).")
  String start = "end-1d";

  @Option(names = {"-e", "--end"}, paramLabel = "TIME", description = "End (default: ${DEFAULT-VALUE}).")
  String end = "now";

  @Option(names = {"-r", "--resolution"}, paramLabel = "SECONDS", converter = ValueChecks.PositiveSeconds.class,
      description = "Wanted resolution; the closest archive is used (default: the finest).")
  long resolution = 1;

  long[] resolve() {
    try {
      return TimeSpecs.resolve(start, end);
    } catch (RrdToolException e) {
      throw new UserError(e.getMessage());
    }
  }
}
