package net.mailstat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.daemon.Daemon;
import net.mailstat.daemon.DaemonSettings;
import net.mailstat.demo.DemoLogWriter;
import net.mailstat.demo.DemoTraffic;
import net.mailstat.snmp.AgentSettings;
import net.mailstat.web.WebServer;
import net.mailstat.rrd.RrdPools;
import org.rrd4j.core.RrdDbPool;
import net.mailstat.snmp.AgentStartException;
import net.mailstat.source.FollowSettings;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;
import net.mailstat.state.Published;
import net.mailstat.state.StatFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run the main job on a generated demo log, and check the counts at the end.",
      "A made-up Postfix + amavisd-new + postgrey server writes its log (rotated now and then) while"
          + " mailstat follows it, keeps the counters and RRD history, and serves them over SNMP and on"
          + " a web page.",
      "At the end the counters are compared with what the generated traffic should count."
    })
final class DemoCommand implements Callable<Integer> {
  static final Duration STOP_WAIT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin AgentOptions snmp;
  @Mixin WebOptions webOptions;

  @Option(names = "--seconds", paramLabel = "N", converter = ValueChecks.Positive.class,
      description = "How long to run (default: ${DEFAULT-VALUE}); Ctrl-C ends it sooner.")
  int seconds = 300;

  @Option(names = "--rate", paramLabel = "FLOWS", converter = ValueChecks.Positive.class, description = "Message flows per second (default: ${DEFAULT-VALUE}).")
  int rate = 50;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the demo log, stat file and state go (default: a new temporary directory).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || rate < 1) {
      throw new UserError("--seconds and --rate must be at least 1");
    }
    Path work = dir != null ? Files.createDirectories(dir) : TemporaryDirectory.create("mailstat-demo");
    EarlyStop stop = EarlyStop.install(dir != null ? null : work);
    try {
      return run(work, stop);
    } finally {
      stop.finished();
    }
  }

  /**
   * Ctrl-C or SIGTERM during the demo: the traffic stops, the counts are still checked and
   * printed, and then (from the shutdown hook, once the demo is done or after
   * {@link #STOP_WAIT}) its temporary directory is removed.
   */
  private static final class EarlyStop {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Path temporary;
    private volatile boolean requested;

    private EarlyStop(Path temporary) {
      this.temporary = temporary;
    }

    static EarlyStop install(Path temporary) {
      EarlyStop stop = new EarlyStop(temporary);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::onSignal, "demo-stop"));
      return stop;
    }

    private void onSignal() {
      requested = true;
      try {
        done.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      removeTemporary();
    }

    boolean requested() {
      return requested;
    }

    void finished() {
      removeTemporary();
      done.countDown();
    }

    private synchronized void removeTemporary() {
      if (temporary != null) {
        TemporaryDirectory.removeQuietly(temporary);
      }
    }
  }

  private Integer run(Path work, EarlyStop stop) throws Exception {
    Path log = work.resolve("mail.log");
    Path statFile = work.resolve("mailstat");
    PrintWriter out = spec.commandLine().getOut();
    out.printf("demo: log %s, stat file %s%n", log, statFile);
    DemoTraffic traffic = new DemoTraffic(42, "mail", ZoneId.systemDefault());
    DemoLogWriter writer = new DemoLogWriter(log, traffic, Clock.systemDefaultZone(), 200);
    Files.deleteIfExists(log);
    Files.createFile(log);
    DaemonSettings settings = new DaemonSettings(List.of(LogSource.Definition.file(log, FollowSettings.defaults())),
        Ownership.ALL, statFile, work.resolve("state"), RuleSet.builtin(), ClassifierOptions.defaults(),
        Duration.ofMillis(250));
    Published latest = new Published();
    RrdOptions rrd = new RrdOptions();
    rrd.dir = work.resolve("rrd");
    RrdDbPool pool = RrdPools.create();
    try (InProcessHistory history = InProcessHistory.open(rrd, false, pool);
        Daemon daemon = startDaemon(settings, history, latest);
        AutoCloseable agent = startAgent(out, statFile, latest, daemon);
        AutoCloseable web = startWeb(out, rrd, pool, latest)) {
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      long nextReport = System.nanoTime();
      while (System.nanoTime() < end && !stop.requested()) {
        writer.write(Math.max(1, rate / 10));
        Thread.sleep(100);
        if (System.nanoTime() >= nextReport && latest.latest() != null) {
          out.println("  " + latest.latest().line());
          nextReport += Duration.ofSeconds(3).toNanos();
        }
      }
      if (stop.requested()) {
        out.println("demo: stopped early; checking what was written so far");
      }
      CounterSnapshot expected = traffic.expected().snapshot();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline
          && (latest.latest() == null || !latest.latest().counts().equals(expected))) {
        Thread.sleep(50);
      }
      CounterSnapshot counted = latest.latest() == null ? CounterSnapshot.zero() : latest.latest().counts();
      out.println();
      CountsFormat.table.print(out, counted, Map.of());
      boolean same = counted.equals(expected);
      out.println(same
          ? "demo: the counters equal what the generated traffic should count"
          : "demo: MISMATCH: expected " + expected + " but counted " + counted);
      return same ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
  }

  /** The agent is a bonus in the demo: if its port is taken, say so and go on without it. */
  private AutoCloseable startAgent(PrintWriter out, Path statFile, Published published, Daemon daemon) {
    try {
      InProcessAgent agent = InProcessAgent.start(snmp, statFile, published, daemon::sources, null);
      String where = snmp.listen.isEmpty() ? AgentSettings.DEFAULT_LISTEN : snmp.listen.get(0);
      String walk = "snmpwalk -v2c -c public " + where.replaceFirst("^udp:", "").replace('/', ':')
          + " .1.3.6.1.4.1.2021.8";
      out.println("demo: SNMP agent on " + where + (onPath("snmpwalk") ? "; try: " + walk
          : "; to walk it, install net-snmp's tools (apt-get install snmp), then: " + walk));
      return agent;
    } catch (AgentStartException e) {
      out.println("demo: no SNMP agent (" + e.getMessage() + "); counting goes on");
      return () -> { };
    }
  }

  /** The page is a bonus in the demo too: if its port is taken, say so and go on without it. */
  private AutoCloseable startWeb(PrintWriter out, RrdOptions rrd, RrdDbPool pool,
      Published latest) {
    try {
      WebServer web = webOptions.start(rrd.files(), pool, latest::latest);
      out.printf("demo: web page on http://%s:%d/%n", web.address().getHostString(), web.address().getPort());
      return web;
    } catch (UserError e) {
      out.println("demo: no web page (" + e.getMessage() + "); counting goes on");
      return () -> { };
    }
  }

  private static Daemon startDaemon(DaemonSettings settings, InProcessHistory history,
      Published latest) throws IOException {
    try {
      return Daemon.start(settings, history, latest);
    } catch (StatFileException e) {
      throw new UserError(e.getMessage());
    }
  }
}
