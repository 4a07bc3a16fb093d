package net.mailstat.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.rrd.GraphRenderer;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatFileReader;
import net.mailstat.web.WebServer;
import net.mailstat.web.WebSettings;
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

  @Option(names = "--web", paramLabel = "ADDR:PORT", description = "Where to listen (default: ${DEFAULT-VALUE}).")
  String web = WebSettings.DEFAULT_ADDRESS;

  @Option(names = "--stat-file", paramLabel = "FILE",
      description = "Stat file for /api/counters and /metrics (default: ${DEFAULT-VALUE}).")
  Path statFile = Path.of("/var/tmp/mailstat");

  @Option(names = "--title", paramLabel = "NAME", description = "Name in the page title (default: this host's name).")
  String title;

  @Option(names = "--refresh", paramLabel = "SECONDS",
      description = "Page auto-refresh interval, 0 for none (default: ${DEFAULT-VALUE}).")
  int refresh = WebSettings.DEFAULT_REFRESH_SECONDS;

  @Option(names = "--graph-cache", paramLabel = "SECONDS",
      description = "How long a rendered graph is reused (default: ${DEFAULT-VALUE}).")
  long graphCacheSeconds = WebSettings.DEFAULT_CACHE_TTL.toSeconds();

  @Option(names = "--timezone", paramLabel = "ZONE", description = "Time zone of the graphs (default: the system's).")
  String timezone;

  @Override
  public Integer call() throws InterruptedException {
    WebSettings settings;
    ZoneId zone;
    try {
      settings = new WebSettings(WebSettings.parseAddress(web), title == null ? hostName() : title, refresh,
          Duration.ofSeconds(graphCacheSeconds));
      zone = timezone == null ? ZoneId.systemDefault() : ZoneId.of(timezone);
    } catch (IllegalArgumentException e) {
      throw new UserError("--web/--refresh: " + e.getMessage());
    } catch (DateTimeException e) {
      throw new UserError("--timezone: unknown time zone '" + timezone + "'");
    }
    if (graphCacheSeconds < 0) {
      throw new UserError("--graph-cache must not be negative");
    }
    RrdDbPool pool = new RrdDbPool();
    GraphRenderer graphs = new GraphRenderer(pool, rrd.files(), zone);
    WebServer server;
    try {
      server = WebServer.start(settings, graphs, statFileCounts(statFile), Clock.systemUTC());
    } catch (BindException e) {
      throw new UserError("cannot listen on " + web + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot start the web server on " + web + ": " + e.getMessage());
    }
    spec.commandLine().getOut().printf("serving http://%s:%d/%n", server.address().getHostString(),
        server.address().getPort());
    spec.commandLine().getOut().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "web-stop"));
    stopped.await();
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

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
