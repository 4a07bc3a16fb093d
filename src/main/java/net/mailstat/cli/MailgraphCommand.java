package net.mailstat.cli;

import net.mailstat.state.StatFileFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import net.mailstat.count.EventSink;
import net.mailstat.daemon.Daemon;
import net.mailstat.daemon.DaemonSettings;
import net.mailstat.daemon.SourceStatus;
import net.mailstat.rrd.RrdPools;
import net.mailstat.rrd.Database;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.rrd.RrdFormat;
import net.mailstat.rrd.RrdSettings;
import net.mailstat.source.FollowSettings;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;
import net.mailstat.state.StatFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Debian mailgraph 1.14's command line on mailstat's machinery, for init scripts and habits built
 * around {@code /usr/sbin/mailgraph}: counts in mailgraph's way, keeps mailgraph-layout RRDs and
 * the stat file, and resumes where it stopped. docs/mailgraph.md maps every option.
 */
@Command(
    name = "mailgraph",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run with mailgraph 1.14's options: a drop-in for /usr/sbin/mailgraph.",
      "Follows (or with -c reads once) a log, counts as mailgraph does (--compat=none for mailstat's"
          + " own counting), keeps NAME.rrd, NAME_virus.rrd and NAME_greylist.rrd in --daemon-rrd and"
          + " the counters in the stat file. No SNMP or web page here: 'mailstat agent' and 'mailstat"
          + " web' serve what this writes. See docs/mailgraph.md."
    })
final class MailgraphCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(MailgraphCommand.class);
  static final String CHILD_OPTION = "--daemon-child";

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin ClassifierMixin classifier;

  @Option(names = {"-v", "--verbose"}, description = "Log more (each source's progress, each commit).")
  boolean verbose;

  @Option(names = {"-c", "--cat"}, description = "Read the log up to its end, record it, and exit.")
  boolean cat;

  @Option(names = {"-l", "--logfile"}, paramLabel = "FILE", description = "The log (default: ${DEFAULT-VALUE}).")
  Path logfile = Path.of("/var/log/syslog");

  @Option(names = {"-t", "--logtype"}, paramLabel = "TYPE", converter = ValueChecks.LogType.class,
      description = "syslog, metalog or multilog (default: ${DEFAULT-VALUE}); every line's format is"
          + " recognised by itself, so this only checks the name.")
  String logtype = "syslog";

  @Option(names = "-y", paramLabel = "YEAR", description = "Starting year of the log (as --year).")
  Integer shortYear;

  @Option(names = {"-d", "--daemon"}, description = "Start in the background.")
  boolean daemon;

  @Option(names = CHILD_OPTION, hidden = true)
  boolean daemonChild;

  @Option(names = "--daemon-pid", paramLabel = "FILE",
      description = "With -d, write the pid to FILE (default: ${DEFAULT-VALUE}).")
  Path daemonPid = Path.of("/var/run/mailgraph.pid");

  @Option(names = "--daemon-rrd", paramLabel = "DIR", description = "RRD directory (default: ${DEFAULT-VALUE}).")
  Path daemonRrd = Path.of("/var/lib/mailgraph");

  @Option(names = "--daemon-log", paramLabel = "FILE",
      description = "With -d, append the log to FILE (default: ${DEFAULT-VALUE}).")
  Path daemonLog = Path.of("/var/log/mailgraph.log");

  @Option(names = "--rrd-name", paramLabel = "NAME", converter = ValueChecks.RrdName.class,
      description = "Use NAME.rrd, NAME_virus.rrd and NAME_greylist.rrd (default: ${DEFAULT-VALUE}).")
  String rrdName = "mailgraph";

  @Option(names = "--no-mail-rrd", description = "Keep no NAME.rrd (and count only virus and spam).")
  boolean noMailRrd;

  @Option(names = "--no-virus-rrd", description = "Keep no NAME_virus.rrd (and count only the mail counters).")
  boolean noVirusRrd;

  @Option(names = "--no-greylist-rrd", description = "Keep no NAME_greylist.rrd.")
  boolean noGreylistRrd;

  @Option(names = "--only-mail-rrd",
      description = "The mail-log instance of a pair: as --no-virus-rrd (the multi-log patch's option).")
  boolean onlyMailRrd;

  @Option(names = "--only-virus-rrd",
      description = "The virus-log instance of a pair: as --no-mail-rrd --no-greylist-rrd (the multi-log patch's"
          + " option).")
  boolean onlyVirusRrd;

  @Option(names = "--stat-file", paramLabel = "FILE",
      description = "Stat file shared by all instances (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Where checkpoints are kept (default: ${DEFAULT-VALUE}).")
  Path stateDir = Path.of("/var/lib/mailstat");

  @Option(names = "--classic-file", paramLabel = "FILE",
      description = "Also publish the stat line to FILE, e.g. /var/tmp/mailstat for check_mailstat.pl and"
          + " snmpd exec set-ups (never through a link, into a FIFO or over another user's file).")
  Path classicFile;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (onlyMailRrd && onlyVirusRrd) {
      throw new ParameterException(spec.commandLine(), "--only-mail-rrd and --only-virus-rrd exclude each other");
    }
    noVirusRrd |= onlyMailRrd;
    noMailRrd |= onlyVirusRrd;
    noGreylistRrd |= onlyVirusRrd;
    if (shortYear != null) {
      classifier.year = shortYear;
    }
    if (!spec.commandLine().getParseResult().hasMatchedOption("--compat")) {
      classifier.compat = ClassifierMixin.Compat.mailgraph;
    }
    if (verbose) {
      LogLevels.verbose();
    }
    if (daemon && !cat && !daemonChild) {
      PidFile pidFile = new PidFile(daemonPid);
      pidFile.refuseIfRunning();
      List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
      args.add(CHILD_OPTION);
      long pid = BackgroundLauncher.launch(args, daemonLog, pidFile);
      spec.commandLine().getOut().println("mailstat mailgraph: running in the background as process " + pid
          + " (log: " + daemonLog + ")");
      return Main.EXIT_OK;
    }
    return count();
  }

  static Ownership ownership(boolean noMailRrd, boolean noVirusRrd) {
    if (noMailRrd && !noVirusRrd) {
      return Ownership.VIRUS;
    }
    if (noVirusRrd && !noMailRrd) {
      return Ownership.MAIL;
    }
    return Ownership.ALL;
  }

  static Set<Database> databases(boolean noMailRrd, boolean noVirusRrd, boolean noGreylistRrd) {
    Set<Database> kept = EnumSet.allOf(Database.class);
    if (noMailRrd) {
      kept.remove(Database.MAIL);
    }
    if (noVirusRrd) {
      kept.remove(Database.VIRUS);
    }
    if (noGreylistRrd) {
      kept.remove(Database.GREYLIST);
    }
    return kept;
  }

  private int count() throws IOException, InterruptedException {
    PidFile pidFile = daemonChild ? new PidFile(daemonPid) : null;
    if (pidFile != null) {
      pidFile.refuseIfRunning();
    }
    Path logPath = logfile.toAbsolutePath();
    LogSource.Definition source = cat
        ? LogSource.Definition.fileOnce(logPath, FollowSettings.defaults())
        : LogSource.Definition.fileFromStart(logPath, FollowSettings.defaults());
    DaemonSettings settings = new DaemonSettings(
        List.of(source),
        ownership(noMailRrd, noVirusRrd),
        statFile.toAbsolutePath(),
        stateDir.toAbsolutePath(),
        classifier.rules(),
        classifier.options(Clock.systemUTC()),
        Duration.ofMillis(500),
        classicFile == null ? null : classicFile.toAbsolutePath());
    if (Files.isDirectory(logfile)) {
      throw new UserError("--logfile: " + logfile + " is a directory");
    }
    if (cat && !Files.isReadable(logfile)) {
      throw new UserError("cannot read " + logfile);
    }
    InProcessHistory history = openHistory();
    EventSink events = history == null ? (category, epochSecond, host, n) -> { } : history;
    if (cat) {
      try {
        SourceStatus read = Daemon.readOnce(settings, events).get(0);
        if (read.trouble() != null) {
          throw new UserError(read.trouble());
        }
        if (history != null) {
          // Minutes before the last line's are complete: close them, so their rows are written.
          history.logCompleteUntil(read.lastLogSecond());
        }
      } catch (StatFileException | java.io.UncheckedIOException e) {
        throw new UserError(e.getMessage());
      } finally {
        InProcessHistory.closeQuietly(history);
      }
      return Main.EXIT_OK;
    }
    Daemon counting;
    try {
      counting = Daemon.start(settings, events, content -> { });
    } catch (StatFileException | java.io.UncheckedIOException e) {
      InProcessHistory.closeQuietly(history);
      throw new UserError(e.getMessage());
    } catch (IOException e) {
      InProcessHistory.closeQuietly(history);
      throw new UserError("cannot open the counters: " + e.getMessage());
    }
    long pid = ProcessHandle.current().pid();
    if (pidFile != null) {
      pidFile.write(pid);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean closed = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (closed.compareAndSet(false, true)) {
        try {
          counting.close();
        } catch (IOException e) {
          log.error("while stopping: {}", e.getMessage());
        }
        InProcessHistory.closeQuietly(history);
        if (pidFile != null) {
          pidFile.removeIfOwn(pid);
        }
      }
      stopped.countDown();
    }, "mailstat-stop"));
    stopped.await();
    return Main.EXIT_OK;
  }

  private InProcessHistory openHistory() {
    Set<Database> kept = databases(noMailRrd, noVirusRrd, noGreylistRrd);
    if (kept.isEmpty()) {
      return null;
    }
    RrdFiles files = new RrdFiles(daemonRrd, rrdName);
    RrdSettings rrd = new RrdSettings(files, false, RrdSettings.DEFAULT_GRACE, RrdSettings.DEFAULT_LATE_LIMIT, kept,
        RrdFormat.RRDTOOL);
    return InProcessHistory.open(rrd, RrdPools.create(),
        "give each instance its own --daemon-rrd or --rrd-name, or --no-*-rrd for the files another keeps");
  }
}
