package net.mailstat.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
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

  @Option(names = "--refresh", paramLabel = "SECONDS", converter = ValueChecks.NotNegative.class,
      description = "Page auto-refresh interval, 0 for none (default: ${DEFAULT-VALUE}).")
  int refresh = WebSettings.DEFAULT_REFRESH_SECONDS;

  @Option(names = "--graph-cache", paramLabel = "SECONDS", converter = ValueChecks.Seconds.class,
      description = "How long a rendered graph is reused (default: ${DEFAULT-VALUE}).")
  long graphCacheSeconds = WebSettings.DEFAULT_CACHE_TTL.toSeconds();

  @Option(names = "--graph-timezone", paramLabel = "ZONE", converter = ValueChecks.TimeZone.class, description = "Time zone of the graphs (default: the system's).")
  String timezone;

  /**
   * Starts the page for the databases {@code files}, serving {@code counters} (null: none yet);
   * a bad option or a busy port is a {@link UserError}.
   */
  WebServer start(RrdFiles files, RrdDbPool pool, Supplier<StatFileContent> counters) {
    // Every value was checked as picocli read it (ValueChecks).
    WebSettings settings = new WebSettings(WebSettings.parseAddress(web), title == null ? hostName() : title, refresh,
        Duration.ofSeconds(graphCacheSeconds));
    ZoneId zone = timezone == null ? ZoneId.systemDefault() : ZoneId.of(timezone);
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
