package net.mailstat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.mailstat.classify.Classifier;
import net.mailstat.classify.ClassifyOnTwoThreads;
import net.mailstat.classify.UnmatchedShapes;
import net.mailstat.count.Counters;
import net.mailstat.count.LineCounts;
import net.mailstat.line.LineSink;
import net.mailstat.source.LineSplitter;
import net.mailstat.source.LogInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Read mail logs once (plain, .gz, or - for stdin) and print the totals.")
final class ParseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin ClassifierMixin classifier;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Output: table (default), json, or mailstat (the stat-file line).")
  CountsFormat format = CountsFormat.table;

  @Option(names = "--max-line-bytes", paramLabel = "N",
      description = "Longer lines are skipped and counted as unparsed (default: ${DEFAULT-VALUE}).")
  int maxLineBytes = LineSplitter.DEFAULT_MAX_LINE_BYTES;

  @Option(names = "--unmatched", paramLabel = "N", arity = "0..1", fallbackValue = "20",
      description = "Also list the N (default 20) most frequent shapes of mail lines no rule matched, "
          + "with a count and an example each.")
  Integer unmatched;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files, or - for standard input.")
  List<String> files;

  @Override
  public Integer call() {
    var rules = classifier.rules();
    var options = classifier.options(Clock.systemUTC());
    for (String file : files) {
      if (!file.equals("-")) {
        checkReadable(Path.of(file));
      }
    }
    Counters counters = new Counters();
    Classifier classify = new Classifier(rules, options,
        (category, epochSecond, host, n) -> counters.add(category, n));
    if (unmatched != null && (unmatched < 1 || unmatched > 1000)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--unmatched: N must be 1..1000");
    }
    UnmatchedShapes shapes = unmatched == null ? null : new UnmatchedShapes(rules, options);
    for (String file : files) {
      try (InputStream in = file.equals("-") ? LogInput.gunzipIfCompressed(System.in) : LogInput.open(Path.of(file))) {
        ClassifyOnTwoThreads.classifyAll(classify, sink -> LineSplitter.readAllOnTwoThreads(in,
            shapes == null ? sink : new Tee(sink, shapes), maxLineBytes));
      } catch (IOException e) {
        throw new UserError("cannot read " + file + ": " + e.getMessage());
      }
    }
    classify.finish();
    LineCounts lines = classify.lineCounts();
    Map<String, Long> extra = new LinkedHashMap<>();
    extra.put("unparsed", lines.unparsed());
    extra.put("lines", lines.lines());
    format.print(spec.commandLine().getOut(), counters.snapshot(), extra);
    if (shapes != null) {
      UnmatchedTable.print(spec.commandLine().getOut(), format == CountsFormat.json, shapes.unmatchedLines(),
          shapes.top(unmatched));
    }
    return Main.EXIT_OK;
  }

  /** Gives every line to the classifier and to the unmatched shapes. */
  private record Tee(LineSink first, LineSink second) implements LineSink {
    @Override
    public void line(byte[] buf, int start, int end) {
      second.line(buf, start, end);
      first.line(buf, start, end);
    }

    @Override
    public void overlongLine() {
      second.overlongLine();
      first.overlongLine();
    }
  }

  private static void checkReadable(Path path) {
    if (!Files.exists(path)) {
      throw new UserError("cannot read " + path + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw new UserError("cannot read " + path + ": is a directory");
    }
    if (!Files.isReadable(path)) {
      throw new UserError("cannot read " + path + ": permission denied");
    }
  }
}
