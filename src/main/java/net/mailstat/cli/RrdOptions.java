package net.mailstat.cli;

import java.nio.file.Path;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.rrd.RrdSettings;
import picocli.CommandLine.Option;

/** Where the databases are: mailgraph's --daemon-rrd and --rrd-name. */
final class RrdOptions {
  @Option(names = "--rrd-dir", paramLabel = "DIR",
      description = "Directory of the RRD files (default: ${DEFAULT-VALUE}).")
  Path dir = RrdSettings.DEFAULT_DIR;

  @Option(names = "--rrd-name", paramLabel = "NAME", converter = ValueChecks.RrdName.class,
      description = "Use NAME.rrd, NAME_virus.rrd and NAME_greylist.rrd (default: ${DEFAULT-VALUE}).")
  String name = RrdSettings.DEFAULT_NAME;

  RrdFiles files() {
    return new RrdFiles(dir, name);
  }
}
