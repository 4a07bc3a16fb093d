package net.mailstat.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import net.mailstat.daemon.Services;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatFileFamily;
import net.mailstat.state.StatFileReader;
import net.mailstat.web.WebServer;
import net.mailstat.rrd.RrdPools;
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
          statFileContent(statFile)));
      spec.commandLine().getOut().printf("serving http://%s:%d/%n", server.address().getHostString(),
          server.address().getPort());
      spec.commandLine().getOut().flush();
      services.awaitShutdown();
    }
    return Main.EXIT_OK;
  }

  /**
   * Reads the stat file and its side files on each request: they are small and replaced
   * atomically. Unreadable or absent: no counters.
   */
  private static Supplier<StatFileContent> statFileContent(Path statFile) {
    return () -> {
      try {
        return StatFileReader.readFamily(statFile).orElse(null);
      } catch (IOException | StatFileException | RuntimeException e) {
        return null;
      }
    };
  }
}
