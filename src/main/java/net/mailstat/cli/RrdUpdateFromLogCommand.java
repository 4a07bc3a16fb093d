package net.mailstat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import net.mailstat.classify.Classifier;
import net.mailstat.rrd.RrdPools;
import net.mailstat.rrd.RecorderStats;
import net.mailstat.rrd.RrdRecorder;
import net.mailstat.rrd.RrdSettings;
import net.mailstat.source.LineSplitter;
import net.mailstat.source.LogInput;
import org.rrd4j.core.RrdDbPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "update-from-log", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Read mail logs once and add their events to the RRD files, by log time (a backfill).")
final class RrdUpdateFromLogCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin ClassifierMixin classifier;
  @Mixin RrdOptions rrd;

  @Option(names = "--per-host", description = "Also keep one set of databases per syslog host.")
  boolean perHost;

  @Option(names = "--grace", paramLabel = "SECONDS", converter = ValueChecks.Seconds.class,
      description = "How long a minute waits for out-of-order lines (default: ${DEFAULT-VALUE}).")
  long graceSeconds = RrdSettings.DEFAULT_GRACE.toSeconds();

  @Option(names = "--late-limit", paramLabel = "SECONDS", converter = ValueChecks.Seconds.class,
      description = "Later lines than this are dropped, earlier ones shifted (default: ${DEFAULT-VALUE}).")
  long lateLimitSeconds = RrdSettings.DEFAULT_LATE_LIMIT.toSeconds();

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files (plain or .gz), oldest first.")
  List<Path> files;

  @Override
  public Integer call() {
    for (Path f : files) {
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        throw new UserError("cannot read " + f);
      }
    }
    RrdSettings settings = new RrdSettings(rrd.files(), perHost, Duration.ofSeconds(graceSeconds),
        Duration.ofSeconds(lateLimitSeconds));
    RrdDbPool pool = RrdPools.create();
    RecorderStats stats;
    try (RrdRecorder recorder = RrdRecorder.open(settings, pool, Clock.systemUTC())) {
      Classifier classify = new Classifier(classifier.rules(), classifier.options(Clock.systemUTC()), recorder);
      LineSplitter splitter = new LineSplitter(classify, LineSplitter.DEFAULT_MAX_LINE_BYTES);
      for (Path f : files) {
        try (InputStream in = LogInput.open(f)) {
          splitter.readAll(in);
        }
      }
      classify.finish();
      recorder.close();
      stats = recorder.stats();
    } catch (IOException e) {
      throw new UserError(e.getMessage());
    }
    spec.commandLine().getOut().printf(
        "recorded %d events (%d shifted late, %d dropped as too late, %d from the future), %d minutes, into %s%n",
        stats.recorded() + stats.shifted(), stats.shifted(), stats.dropped(), stats.future(), stats.minutesWritten(),
        settings.files().dir());
    spec.commandLine().getOut().flush();
    return stats.writeErrors() > 0 ? Main.EXIT_FAILURE : Main.EXIT_OK;
  }
}
