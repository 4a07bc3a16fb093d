package net.mailstat.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mailstat.rrd.RrdMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Create an RRD file from an XML dump (from 'rrdtool dump' or 'mailstat rrd dump').")
final class RrdRestoreCommand implements Callable<Integer> {
  @Mixin ConfigOption configOption;

  @Option(names = {"-f", "--force"}, description = "Overwrite an existing FILE.") boolean force;

  @Parameters(index = "0", paramLabel = "XML") Path xml;

  @Parameters(index = "1", paramLabel = "FILE") Path file;

  @Override
  public Integer call() {
    return RrdCommand.tool(xml, () -> RrdMigration.restore(xml, file, force));
  }
}
