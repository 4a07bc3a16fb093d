package net.mailstat.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.rrd.RrdMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Bring mailgraph's history over: mailgraph.rrd, mailgraph_virus.rrd, mailgraph_greylist.rrd "
        + "(rrdtool files or their XML dumps) become this directory's databases.")
final class RrdImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin RrdOptions rrd;

  @Option(names = "--for-host", paramLabel = "HOST", description = "Import as the per-host history of HOST.")
  String host;

  @Option(names = {"-f", "--force"}, description = "Overwrite existing databases.") boolean force;

  @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> sources;

  @Override
  public Integer call() {
    RrdFiles files = rrd.files();
    String hostKey = host == null ? null : RrdFiles.hostKey(host);
    return RrdCommand.tool(null, () -> {
      for (RrdMigration.Imported done : RrdMigration.importMailgraph(sources, files, hostKey, force)) {
        spec.commandLine().getOut().printf("%s -> %s (%s database, last update %d%s)%n", done.source(),
            done.target(), done.database().name().toLowerCase(java.util.Locale.ROOT), done.lastUpdate(),
            done.addedDelivered() ? ", 'delivered' added" : "");
      }
      spec.commandLine().getOut().flush();
    });
  }
}
