package net.mailstat.cli;

import net.mailstat.state.StatFileFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.mailstat.daemon.Daemon;
import net.mailstat.daemon.DaemonSettings;
import net.mailstat.daemon.Services;
import net.mailstat.daemon.StatusWriter;
import net.mailstat.queue.QueueSampler;
import net.mailstat.queue.QueueSettings;
import net.mailstat.rrd.RrdPools;
import net.mailstat.rrd.Database;
import net.mailstat.state.StatusFile;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.Published;
import net.mailstat.state.StatFileContent;
import net.mailstat.web.WebServer;
import org.rrd4j.core.RrdDbPool;
import net.mailstat.snmp.AgentStartException;
import net.mailstat.source.FollowSettings;
import net.mailstat.source.JournalSettings;
import net.mailstat.source.JournalTrust;
import net.mailstat.source.JournalSource;
import net.mailstat.source.ListenAddress;
import net.mailstat.source.SyslogCounters;
import net.mailstat.source.SyslogListener;
import net.mailstat.source.SyslogSettings;
import net.mailstat.source.LineSplitter;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;
import net.mailstat.state.StatFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Follow mail logs, count, and serve the counters over SNMP and on a web page until SIGTERM.",
      "Keeps the counters in the stat file and records RRD history."
    })
final class RunCommand implements Callable<Integer> {

  enum Only {
    mail,
    virus,
    all
  }

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin ClassifierMixin classifier;
  @Mixin AgentOptions snmp;

  @Option(names = "--no-snmp", description = "Do not run the SNMP agent in this process.")
  boolean noSnmp;

  @Mixin RrdOptions rrd;

  @Option(names = "--rrd-per-host", description = "Also keep one set of RRD files per syslog host.")
  boolean rrdPerHost;

  @Option(names = "--no-rrd", description = "Keep no RRD history in this process.")
  boolean noRrd;

  @Mixin WebOptions webOptions;

  @Mixin QueueOptions queueOptions;

  @Option(names = "--no-web", description = "Do not serve the web page in this process.")
  boolean noWeb;

  @Option(names = "--log", paramLabel = "FILE", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      description = "Log file to follow (repeatable; globs allowed in the file name).")
  List<String> logs = new ArrayList<>();

  @Option(names = "--listen", paramLabel = "ADDR", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      converter = ValueChecks.SyslogAddress.class,
      description = "Receive syslog on udp:[HOST:]PORT or tcp:[HOST:]PORT (repeatable; HOST defaults to"
          + " 127.0.0.1). See docs/sources.md for the limits.")
  List<String> listen = new ArrayList<>();

  @Option(names = "--max-connections", paramLabel = "N", converter = ValueChecks.Positive.class,
      description = "TCP syslog connections kept per --listen address (default: ${DEFAULT-VALUE}).")
  int maxConnections = SyslogSettings.defaults().maxConnections();

  @Option(names = "--max-hosts", paramLabel = "N", converter = ValueChecks.Positive.class,
      description = "Syslog hosts counted in rows of their own (per-host counters and --rrd-per-host);"
          + " further hosts share the row 'other' (default: ${DEFAULT-VALUE}).")
  int maxHosts = DaemonSettings.defaultMaxHosts();

  @Option(names = "--journal",
      description = "Follow the systemd journal (the default when no --log or --listen is given and"
          + " journalctl exists).")
  boolean journal;

  @Option(names = "--journal-identifier", paramLabel = "PREFIX", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      description = "Journal entries counted: SYSLOG_IDENTIFIER starting with PREFIX (repeatable;"
          + " default: the mail programs the built-in rules know).")
  List<String> journalIdentifiers = new ArrayList<>();

  @Option(names = "--journal-trust", paramLabel = "FIELD:GLOB", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      converter = ValueChecks.JournalTrustItem.class,
      description = "Journal entries counted only when a trusted field matches: unit:GLOB (_SYSTEMD_UNIT),"
          + " exe:GLOB (_EXE) or comm:NAME (_COMM), repeatable, or 'any' to trust every entry"
          + " (default: the mail daemons' units and executables, docs/sources.md).")
  List<String> journalTrust = new ArrayList<>();

  @Option(names = "--journalctl", paramLabel = "COMMAND", converter = ValueChecks.CommandWords.class,
      description = "The journalctl command, words separated by spaces (default: ${DEFAULT-VALUE}).")
  String journalctl = JournalSettings.JOURNALCTL;

  @Option(names = "--only", paramLabel = "WHICH",
      description = "Counters this instance owns: mail, virus or all (default: ${DEFAULT-VALUE}).")
  Only only = Only.all;

  @Option(names = "--stat-file", paramLabel = "FILE",
      description = "Stat file shared by all instances (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where checkpoints are kept (default: ${DEFAULT-VALUE}).")
  Path stateDir = Path.of("/var/lib/mailstat");

  @Option(names = "--classic-file", paramLabel = "FILE",
      description = "Also publish the stat line to FILE, e.g. /var/tmp/mailstat for check_mailstat.pl and"
          + " snmpd exec set-ups (never through a link, into a FIFO or over another user's file).")
  Path classicFile;

  @Option(names = "--backfill",
      description = "On a first start, read the rotated history (mail.log.N[.gz]) before following.")
  boolean backfill;

  @Option(names = "--commit-interval", paramLabel = "MILLIS", converter = ValueChecks.IntervalMillis.class,
      description = "How often changed counters are written (default: ${DEFAULT-VALUE} ms).")
  long commitIntervalMillis = 500;

  @Option(names = "--poll-interval", paramLabel = "MILLIS", converter = ValueChecks.IntervalMillis.class,
      description = "How often an idle log is checked (default: ${DEFAULT-VALUE} ms).")
  long pollIntervalMillis = 100;

  @Override
  public Integer call() throws IOException, InterruptedException {
    WarningCount warnings = WarningCount.installed();
    FollowSettings follow =
        new FollowSettings(Duration.ofMillis(pollIntervalMillis), LineSplitter.DEFAULT_MAX_LINE_BYTES, backfill);
    List<LogSource.Definition> sources = new ArrayList<>();
    for (Path log : LogPaths.expand(logs)) {
      sources.add(LogSource.Definition.file(log, follow));
    }
    sources.addAll(listeners());
    if (journal || (sources.isEmpty() && JournalSettings.journalctlExists())) {
      sources.add(JournalSource.definition(journalSettings()));
    }
    if (sources.isEmpty()) {
      throw new UserError("nothing to follow: give --log, --listen or --journal (journalctl was not found)");
    }
    DaemonSettings settings = new DaemonSettings(
        sources,
        Ownership.valueOf(only.name().toUpperCase(java.util.Locale.ROOT)),
        statFile.toAbsolutePath(),
        stateDir.toAbsolutePath(),
        classifier.rules(),
        classifier.options(Clock.systemUTC()),
        Duration.ofMillis(commitIntervalMillis),
        classicFile == null ? null : classicFile.toAbsolutePath(),
        maxHosts);
    QueueSettings queueSettings = queueOptions.settings();
    RrdDbPool pool = RrdPools.create();
    try (Services services = new Services()) {
      InProcessHistory history = noRrd ? null : services.add("RRD history", InProcessHistory.open(rrd, rrdPerHost, pool));
      // The one content the agent and the page serve: each commit's, merged with the other instances' fields.
      Published published = new Published();
      Daemon daemon = services.add("counting", startDaemon(settings, history, published));
      List<StatusFile.Listener> listening = new ArrayList<>();
      // The page and the agent show the queues: without either a sample would go nowhere.
      QueueSampler queue = queueSettings == null || (noWeb && noSnmp) ? null
          : services.add("queue sampler", QueueSampler.create(queueSettings, Clock.systemUTC()));
      if (!noSnmp) {
        InProcessAgent agent = services.add("SNMP agent", startAgent(daemon, published, queue));
        agent.boundAddresses().forEach(a -> listening.add(new StatusFile.Listener("snmp", "udp:" + a)));
      }
      if (queue != null) {
        if (history != null) {
          history.queues(queue::latest);
        }
        queue.start();
      }
      WebServer web = noWeb ? null : services.add("web page", webOptions.start(rrd.files(), pool, published::latest));
      if (web != null) {
        if (queue != null) {
          web.queues(queue::latest);
        }
        if (history != null) {
          web.rrdDropped(history::dropped);
        }
        listening.add(new StatusFile.Listener("web",
            "http://" + web.address().getHostString() + ":" + web.address().getPort() + "/"));
      }
      listen.forEach(address -> listening.add(new StatusFile.Listener("syslog", address)));
      Ownership ownership = settings.ownership();
      StatusWriter status = services.add("status file", StatusWriter.start(
          StatusFile.path(settings.stateDir(), settings.statFile(), ownership),
          settings.statFile().getFileName() + "." + ownership.id(), ownership, daemon,
          new StatusWriter.Reported(listening, noRrd ? null : rrd.files().path(Database.MAIL, null).toString(),
              () -> countsOf(published.latest()), warnings::count, warnings::last)));
      if (web != null) {
        web.health(() -> HealthSummary.withQueue(HealthSummary.of(status.latest(), System.currentTimeMillis() / 1000),
            queue));
      }
      services.awaitShutdown();
    }
    return Main.EXIT_OK;
  }

  private static CounterSnapshot countsOf(StatFileContent content) {
    return content == null ? null : content.counts();
  }

  private Daemon startDaemon(DaemonSettings settings, InProcessHistory history, Published published) {
    try {
      return Daemon.start(settings, history == null ? (category, epochSecond, host, n) -> { } : history,
          published, ProgressBar.forTerminal(spec.commandLine().getErr()));
    } catch (StatFileException e) {
      throw new UserError(e.getMessage());
    } catch (java.nio.file.AccessDeniedException e) {
      throw new UserError("permission denied: " + e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      throw new UserError(e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot open the counters: " + e.getMessage());
    }
  }

  private InProcessAgent startAgent(Daemon daemon, Published published, QueueSampler queue) {
    try {
      return InProcessAgent.start(snmp, statFile.toAbsolutePath(), published, daemon::sources, queue);
    } catch (AgentStartException e) {
      throw new UserError(e.getMessage());
    }
  }

  private List<LogSource.Definition> listeners() {
    SyslogSettings limits = new SyslogSettings(LineSplitter.DEFAULT_MAX_LINE_BYTES, maxConnections,
        SyslogSettings.defaults().queueBatches());
    List<LogSource.Definition> out = new ArrayList<>();
    for (String spec : listen) {
      ListenAddress address;
      try {
        address = ListenAddress.parse(spec);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      out.add(SyslogListener.definition(address, limits, new SyslogCounters()));
    }
    return out;
  }

  private JournalSettings journalSettings() {
    List<String> command = List.of(journalctl.trim().split("\\s+"));
    List<String> identifiers = journalIdentifiers.isEmpty() ? JournalSettings.MAIL_PROGRAMS : journalIdentifiers;
    JournalTrust trust;
    try {
      trust = journalTrust.isEmpty() ? JournalTrust.defaults() : JournalTrust.parse(journalTrust);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--journal-trust: " + e.getMessage());
    }
    return new JournalSettings(command, identifiers, trust, backfill, Duration.ofSeconds(1));
  }
}
