package net.mailstat.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import net.mailstat.daemon.Services;
import net.mailstat.state.DetailsFile;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatFileFamily;
import net.mailstat.state.StatFileReader;
import net.mailstat.web.WebServer;
import net.mailstat.rrd.RrdPools;
import org.rrd4j.core.RrdDbPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
@Command(name = "web", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve the graph page, /api/counters and /metrics from existing RRD and stat files, until stopped.")
final class WebCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin RrdOptions rrd;

  @Mixin WebOptions webOptions;

  @Option(names = "--stat-file", paramLabel = "FILE",
      description = "Stat file for /api/counters and /metrics (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Override
  public Integer call() throws InterruptedException {
    try (Services services = new Services()) {
      WebServer server = services.add("web page", webOptions.start(rrd.files(), RrdPools.create(),
          statFileCounts(statFile)));
      server.details(statFileDetails(statFile));
      spec.commandLine().getOut().printf("serving http://%s:%d/%n", server.address().getHostString(),
          server.address().getPort());
      spec.commandLine().getOut().flush();
      services.awaitShutdown();
    }
    return Main.EXIT_OK;
  }

  /** Reads the stat file on each request: it is small and replaced atomically. */
  private static Supplier<CounterSnapshot> statFileCounts(Path statFile) {
    return () -> {
      try {
        return StatFileReader.read(statFile).map(StatFileContent::counts).orElse(null);
      } catch (IOException | StatFileException e) {
        return null;
      }
    };
  }

  /** Reads the details side file on each request; unreadable or absent means none. */
  private static Supplier<Map<DetailKey, Long>> statFileDetails(Path statFile) {
    Path detailsFile = new StatFileFamily(statFile).details();
    return () -> {
      try {
        return DetailsFile.read(detailsFile);
      } catch (IOException | RuntimeException e) {
        return Map.of();
      }
    };
  }
}
