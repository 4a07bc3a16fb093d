package net.mailstat.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.rrd.Database;
import net.mailstat.rrd.GraphKind;
import net.mailstat.rrd.GraphPeriod;
import net.mailstat.rrd.GraphRenderer;
import net.mailstat.rrd.GraphRequest;
import net.mailstat.json.Json;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.rrd.LegendLine;
import net.mailstat.rrd.RenderedGraph;
import net.mailstat.rrd.RrdToolException;
import net.mailstat.rrd.TimeSpecs;
import net.mailstat.state.StatFileContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web page (see docs/web.md): mailgraph-style HTML, PNG graphs rendered on demand (a bounded
 * number at once) and cached briefly in a bounded cache, {@code /api/counters} (JSON) and {@code /metrics} (Prometheus text format). Serves no
 * files: every URL is parsed against a fixed set of routes, and host names must be existing
 * per-host sets, so no request reaches outside the data directory. Errors are one line of text.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  private static final Pattern HOST_PREFIX = Pattern.compile("^/host/([^/]+)(/.*)$");
  private static final Pattern PERIOD_GRAPH = Pattern.compile("^/graph/([a-z]+)-([a-z]+)\\.(png|json)$");
  private static final Pattern CUSTOM_GRAPH = Pattern.compile("^/graph/([a-z]+)\\.(png|json)$");
  /** Graphs drawn at once (the machine has few cores and SNMP must keep answering). */
  static final int MAX_RENDERS = 2;
  /** How long a graph request waits for a render slot before it gets 503. */
  static final long RENDER_WAIT_SECONDS = 10;

  private final WebSettings settings;
  private final GraphRenderer graphs;
  private final Supplier<StatFileContent> counters;
  private final Clock clock;
  private final GraphCache cache;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final Semaphore renders = new Semaphore(MAX_RENDERS, true);
  private volatile Supplier<Health> health = () -> null;
  private volatile Supplier<QueueSnapshot> queues = () -> null;
  private volatile java.util.function.LongSupplier rrdDropped;

  private WebServer(WebSettings settings, GraphRenderer graphs, Supplier<StatFileContent> counters, Clock clock)
      throws IOException {
    this.settings = settings;
    this.graphs = graphs;
    this.counters = counters;
    this.clock = clock;
    this.cache = new GraphCache(settings.graphCacheTtl().toMillis());
    this.server = HttpServer.create(settings.address(), 32);
    // One thread per exchange, up to the connection bound: a client that is slow to send its
    // request holds its own thread (until maxReqTime closes it), never one another client needs.
    // Beyond the bound the executor refuses and the JDK closes that connection.
    this.executor = new ThreadPoolExecutor(0, HttpLimits.MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "mailstat-web");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving. {@code counters} gives the current cumulative counts and details (or null while
   * there are none), read once per request; it is called on request threads and must be fast and
   * thread-safe.
   */
  public static WebServer start(WebSettings settings, GraphRenderer graphs, Supplier<StatFileContent> counters,
      Clock clock) throws IOException {
    HttpLimits.apply();
    WebServer web = new WebServer(settings, graphs, counters, clock);
    web.server.start();
    log.info("web page on http://{}:{}/", web.address().getHostString(), web.address().getPort());
    return web;
  }

  /** Shows {@code summary} on the page and as /api/health; called on request threads (fast, thread-safe). */
  public void health(Supplier<Health> summary) {
    this.health = summary;
  }

  /**
   * Serves {@code latest} (the Postfix queue gauges, docs/queue.md) on /metrics and /api/counters;
   * null (no sample yet) serves none. Fast, thread-safe.
   */
  public void queues(Supplier<QueueSnapshot> latest) {
    this.queues = latest;
  }

  /**
   * Serves {@code count} (events the RRD history left out because its writer fell behind,
   * docs/rrd.md) on /metrics as {@code mailstat_rrd_events_dropped_total}. Fast, thread-safe.
   */
  public void rrdDropped(java.util.function.LongSupplier count) {
    this.rrdDropped = count;
  }

  /** The address actually bound (the port is chosen by the system when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** How many rendered graphs the cache holds now. */
  int cachedGraphs() {
    return cache.size();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A request the server refuses, with its status and one line of explanation. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          throw new Refusal(405, "only GET and HEAD");
        }
        route(ex);
      } catch (Refusal r) {
        send(ex, r.status, "text/plain; charset=utf-8", (r.getMessage() + "\n").getBytes(StandardCharsets.UTF_8), 0);
      } catch (IOException e) {
        throw e;
      } catch (RuntimeException e) {
        log.warn("web request {} failed: {}", ex.getRequestURI().getRawPath(), e.toString());
        send(ex, 500, "text/plain; charset=utf-8", "internal error\n".getBytes(StandardCharsets.UTF_8), 0);
      }
    }
  }

  private void route(HttpExchange ex) throws IOException, Refusal {
    String path = ex.getRequestURI().getRawPath();
    if (path == null || path.length() > 200) {
      throw new Refusal(400, "bad path");
    }
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    switch (path) {
      case "/api/counters" -> {
        sendCounters(ex);
        return;
      }
      case "/metrics" -> {
        sendMetrics(ex);
        return;
      }
      case "/api/health" -> {
        sendHealth(ex);
        return;
      }
      default -> { }
    }
    String hostKey = null;
    String rest = path;
    Matcher hm = HOST_PREFIX.matcher(path);
    if (hm.matches()) {
      hostKey = hm.group(1);
      if (!graphs.files().hosts().contains(hostKey)) {
        throw new Refusal(404, "no such host");
      }
      rest = hm.group(2);
    }
    if (rest.equals("/") || rest.equals("/index.html")) {
      sendPage(ex, hostKey);
      return;
    }
    Matcher pm = PERIOD_GRAPH.matcher(rest);
    if (pm.matches()) {
      GraphKind kind = kind(pm.group(1));
      GraphPeriod period = GraphPeriod.byKey(pm.group(2)).orElseThrow(() -> new Refusal(404, "no such period"));
      int[] size = size(query, kind);
      GraphRequest req;
      try {
        req = GraphRequest.of(kind, hostKey, period, clock.millis() / 1000, size[0], size[1]);
      } catch (IllegalArgumentException e) {
        throw new Refusal(400, e.getMessage());
      }
      sendGraph(ex, req, pm.group(3));
      return;
    }
    Matcher cm = CUSTOM_GRAPH.matcher(rest);
    if (cm.matches()) {
      GraphKind kind = kind(cm.group(1));
      int[] size = size(query, kind);
      long[] se;
      try {
        se = TimeSpecs.resolve(query.getOrDefault("start", "end-1d"), query.getOrDefault("end", "now"));
      } catch (RrdToolException e) {
        throw new Refusal(400, e.getMessage());
      }
      GraphRequest req;
      try {
        req = new GraphRequest(kind, hostKey, toMinute(se[0]), toMinute(se[1]), size[0], size[1]);
      } catch (IllegalArgumentException e) {
        throw new Refusal(400, e.getMessage());
      }
      sendGraph(ex, req, cm.group(2));
      return;
    }
    throw new Refusal(404, "not found");
  }

  /**
   * Custom ranges start and end on a whole minute (the databases' step), so that {@code end=now}
   * and near-identical ranges are one cache entry instead of a render each.
   */
  private static long toMinute(long epochSecond) {
    return epochSecond - Math.floorMod(epochSecond, Database.STEP);
  }

  private static GraphKind kind(String key) throws Refusal {
    return GraphKind.byKey(key).orElseThrow(() -> new Refusal(404, "no such graph"));
  }

  private static int[] size(Map<String, String> query, GraphKind kind) throws Refusal {
    return new int[] {
        intParam(query, "width", GraphRequest.DEFAULT_WIDTH), intParam(query, "height", kind.defaultHeight())};
  }

  private static int intParam(Map<String, String> query, String name, int dflt) throws Refusal {
    String v = query.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new Refusal(400, name + " must be a number");
    }
  }

  private static Map<String, String> query(String raw) throws Refusal {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    if (raw.length() > 500) {
      throw new Refusal(400, "query too long");
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        out.put(k, v);
      } catch (IllegalArgumentException e) {
        throw new Refusal(400, "bad query");
      }
    }
    return out;
  }

  private void sendPage(HttpExchange ex, String hostKey) throws IOException {
    List<GraphKind> kinds = new ArrayList<>();
    for (GraphKind k : GraphKind.values()) {
      if (graphs.available(k, hostKey)) {
        kinds.add(k);
      }
    }
    String html = Page.render(settings.title(), hostKey, graphs.files().hosts(), kinds, settings.refreshSeconds(),
        health.get());
    send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), 0);
  }

  private void sendGraph(HttpExchange ex, GraphRequest req, String format) throws IOException, Refusal {
    if (!graphs.available(req.kind(), req.hostKey())) {
      throw new Refusal(404, "no data for this graph");
    }
    RenderedGraph graph = cachedOrRendered(req);
    long maxAge = settings.graphCacheTtl().toSeconds();
    if (format.equals("png")) {
      send(ex, 200, "image/png", graph.png(), maxAge);
      return;
    }
    Json json = new Json().beginObject().field("graph", req.kind().key()).field("start", req.start())
        .field("end", req.end()).name("legend").beginArray();
    for (LegendLine l : graph.legend()) {
      json.beginObject().field("label", l.label()).field("total", l.total(), 4)
          .field("avg_per_min", l.averagePerMinute(), 4).field("max_per_min", l.maxPerMinute(), 4).endObject();
    }
    json.endArray().endObject();
    send(ex, 200, "application/json", (json + "\n").getBytes(StandardCharsets.UTF_8), maxAge);
  }

  /**
   * At most {@link #MAX_RENDERS} renders run at once; a request that finds no slot within
   * {@link #RENDER_WAIT_SECONDS} gets 503. Requests for the same graph that queued behind its
   * render find it in the cache.
   */
  private RenderedGraph cachedOrRendered(GraphRequest req) throws Refusal {
    String key = req.toString();
    RenderedGraph cached = cache.get(key, clock.millis());
    if (cached != null) {
      return cached;
    }
    try {
      if (!renders.tryAcquire(RENDER_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new Refusal(503, "busy drawing other graphs, try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refusal(503, "stopping");
    }
    try {
      cached = cache.get(key, clock.millis());
      if (cached != null) {
        return cached;
      }
      RenderedGraph graph = graphs.render(req);
      cache.put(key, graph, clock.millis());
      return graph;
    } catch (IOException e) {
      log.warn("cannot render {}: {}", req, e.toString());
      throw new Refusal(500, "cannot render the graph");
    } finally {
      renders.release();
    }
  }

  private StatFileContent currentCounts() throws Refusal {
    StatFileContent c;
    try {
      c = counters.get();
    } catch (RuntimeException e) {
      log.debug("counters unavailable", e);
      throw new Refusal(503, "counters unavailable");
    }
    if (c == null) {
      throw new Refusal(503, "no counters yet");
    }
    return c;
  }

  private void sendCounters(HttpExchange ex) throws IOException, Refusal {
    StatFileContent content = currentCounts();
    CounterSnapshot c = content.counts();
    Json json = new Json().beginObject();
    Category.all().forEach(cat -> json.field(cat.key(), c.get(cat)));
    Map<DetailKey, Long> d = content.details();
    json.name("details").beginObject();
    for (DetailFamily family : DetailFamily.all()) {
      json.name(family.key()).beginObject();
      d.forEach((k, n) -> {
        if (k.family() == family) {
          json.field(k.label(), n);
        }
      });
      json.endObject();
    }
    json.endObject();
    QueueMetrics.json(json, queues.get());
    send(ex, 200, "application/json", (json.endObject() + "\n").getBytes(StandardCharsets.UTF_8), 0);
  }

  private void sendHealth(HttpExchange ex) throws IOException, Refusal {
    Health h = health.get();
    if (h == null) {
      throw new Refusal(404, "no health summary in this process");
    }
    Json json = new Json().beginObject().field("healthy", h.healthy()).name("lines").beginArray();
    h.lines().forEach(json::value);
    byte[] body = (json.endArray().endObject() + "\n").getBytes(StandardCharsets.UTF_8);
    send(ex, 200, "application/json", body, 0);
  }

  private void sendMetrics(HttpExchange ex) throws IOException, Refusal {
    StatFileContent content = currentCounts();
    CounterSnapshot c = content.counts();
    StringBuilder text = new StringBuilder();
    text.append("# HELP mailstat_messages_total Messages counted by mailstat, by category (docs/counting.md).\n");
    text.append("# TYPE mailstat_messages_total counter\n");
    for (Category cat : Category.all()) {
      text.append("mailstat_messages_total{category=\"").append(cat.key()).append("\"} ").append(c.get(cat))
          .append('\n');
    }
    Map<DetailKey, Long> d = content.details();
    for (DetailFamily family : DetailFamily.all()) {
      if (family == DetailFamily.DELAY) {
        DelayMetrics.prometheus(text, d);
        continue;
      }
      String metric = DetailMetrics.name(family);
      text.append("# HELP ").append(metric).append(' ').append(DetailMetrics.help(family)).append('\n');
      text.append("# TYPE ").append(metric).append(" counter\n");
      d.forEach((k, n) -> {
        if (k.family() == family) {
          text.append(metric).append('{').append(DetailMetrics.labels(k)).append("} ").append(n).append('\n');
        }
      });
    }
    QueueMetrics.prometheus(text, queues.get());
    java.util.function.LongSupplier dropped = rrdDropped;
    if (dropped != null) {
      text.append("# HELP mailstat_rrd_events_dropped_total Counted events left out of the RRD history because its"
          + " writer fell behind (the counters have them).\n");
      text.append("# TYPE mailstat_rrd_events_dropped_total counter\n");
      text.append("mailstat_rrd_events_dropped_total ").append(dropped.getAsLong()).append('\n');
    }
    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString().getBytes(StandardCharsets.UTF_8), 0);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body, long maxAgeSeconds)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", maxAgeSeconds > 0 ? "max-age=" + maxAgeSeconds : "no-cache");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
