package net.mailstat.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Supplier;
import net.mailstat.rrd.GraphRenderer;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.state.StatFileContent;
import net.mailstat.web.WebServer;
import net.mailstat.web.WebSettings;
import org.rrd4j.core.RrdDbPool;
import picocli.CommandLine.Option;

/** The web page's options, shared by {@code mailstat web} and the commands that serve it in-process. */
final class WebOptions {
  @Option(names = "--web", paramLabel = "ADDR:PORT", converter = ValueChecks.WebAddress.class, description = "Where the web page listens (default: ${DEFAULT-VALUE}).")
  String web = WebSettings.DEFAULT_ADDRESS;

  @Option(names = "--title", paramLabel = "NAME", description = "Name in the page title (default: this host's name).")
  String title;

  @Option(names = "--refresh", paramLabel = "SECONDS",
      description = "Page auto-refresh interval, 0 for none (default: ${DEFAULT-VALUE}).")
  int refresh = WebSettings.DEFAULT_REFRESH_SECONDS;

  @Option(names = "--graph-cache", paramLabel = "SECONDS",
      description = "How long a rendered graph is reused (default: ${DEFAULT-VALUE}).")
  long graphCacheSeconds = WebSettings.DEFAULT_CACHE_TTL.toSeconds();

  @Option(names = "--graph-timezone", paramLabel = "ZONE", description = "Time zone of the graphs (default: the system's).")
  String timezone;

  /**
   * Starts the page for the databases {@code files}, serving {@code counters} (null: none yet);
   * a bad option or a busy port is a {@link UserError}.
   */
  WebServer start(RrdFiles files, RrdDbPool pool, Supplier<StatFileContent> counters) {
    WebSettings settings;
    ZoneId zone;
    try {
      settings = new WebSettings(WebSettings.parseAddress(web), title == null ? hostName() : title, refresh,
          Duration.ofSeconds(graphCacheSeconds));
      zone = timezone == null ? ZoneId.systemDefault() : ZoneId.of(timezone);
    } catch (IllegalArgumentException e) {
      throw new UserError("--web/--refresh: " + e.getMessage());
    } catch (DateTimeException e) {
      throw new UserError("--graph-timezone: unknown time zone '" + timezone + "'");
    }
    if (graphCacheSeconds < 0) {
      throw new UserError("--graph-cache must not be negative");
    }
    try {
      return WebServer.start(settings, new GraphRenderer(pool, files, zone), counters, Clock.systemUTC());
    } catch (BindException e) {
      throw new UserError("cannot listen on " + web + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot start the web server on " + web + ": " + e.getMessage());
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
