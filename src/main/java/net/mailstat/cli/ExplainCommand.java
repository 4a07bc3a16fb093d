package net.mailstat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import net.mailstat.classify.Explainer;
import net.mailstat.classify.Explanation;
import net.mailstat.count.Category;
import net.mailstat.line.LineSink;
import net.mailstat.source.LineSplitter;
import net.mailstat.source.LogInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Show why log lines count what they count: the syslog envelope read, every rule of the "
            + "program's chain and why it did or did not match, the look-ahead decisions (re-injections, "
            + "hand-offs) and the counts.",
        "Lines come from the arguments, or standard input when there are none; --trace FILE "
            + "explains a whole log and prints only the lines asked for."})
final class ExplainCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin ClassifierMixin classifier;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Output: text (default) or json (one object per line explained).")
  Format format = Format.text;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Explain a whole log (plain, .gz, or - for standard input), in order.")
  String trace;

  @Option(names = "--qid", paramLabel = "QID", description = "Print only lines naming this queue id (repeatable).")
  List<String> queueIds = new ArrayList<>();

  @Option(names = "--category", paramLabel = "CATEGORY", converter = CategoryConverter.class,
      description = "Print only lines that count this category (repeatable).")
  List<Category> categories = new ArrayList<>();

  @Option(names = "--line", paramLabel = "N", description = "Print line N of the input (repeatable).")
  List<Long> lineNumbers = new ArrayList<>();

  @Option(names = "--max-line-bytes", paramLabel = "N",
      description = "Longer lines are skipped and counted as unparsed (default: ${DEFAULT-VALUE}).")
  int maxLineBytes = LineSplitter.DEFAULT_MAX_LINE_BYTES;

  @Parameters(paramLabel = "LINE", arity = "0..*", description = "Log lines to explain, in log order.")
  List<String> lines = new ArrayList<>();

  @Override
  public Integer call() {
    if (trace != null && !lines.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give log lines or --trace FILE, not both");
    }
    for (String line : lines) {
      if (isFileName(line)) {
        throw new ParameterException(spec.commandLine(),
            "'" + line + "' is a file, not a log line: use --trace " + line + " (or give the file on standard input)");
      }
    }
    Explainer explainer = new Explainer(classifier.rules(), classifier.options(Clock.systemUTC()));
    PrintWriter out = spec.commandLine().getOut();
    Consumer<Explanation> print = e -> {
      if (selected(e)) {
        if (format == Format.json) {
          out.println(ExplanationJson.of(e));
        } else {
          ExplanationText.print(out, e);
        }
      }
    };
    if (!lines.isEmpty()) {
      lines.forEach(l -> print.accept(explainer.explain(l)));
    } else {
      String file = trace == null ? "-" : trace;
      try (InputStream in = file.equals("-") ? LogInput.gunzipIfCompressed(System.in) : LogInput.open(Path.of(file))) {
        new LineSplitter(new LineSink() {
          @Override
          public void line(byte[] buf, int start, int end) {
            print.accept(explainer.explain(Arrays.copyOfRange(buf, start, end)));
          }

          @Override
          public void overlongLine() {
            print.accept(explainer.explainOverlong());
          }
        }, maxLineBytes).readAll(in);
      } catch (IOException e) {
        throw new UserError("cannot read " + file + ": " + e.getMessage());
      }
    }
    Explanation end = explainer.finish();
    if (!end.decisions().isEmpty()) {
      print.accept(end);
    }
    out.flush();
    return Main.EXIT_OK;
  }

  /** A syslog line always holds spaces; a word that names an existing file was meant as the log. */
  private static boolean isFileName(String argument) {
    if (argument.isEmpty() || argument.contains(" ")) {
      return false;
    }
    try {
      return Files.isRegularFile(Path.of(argument));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private boolean selected(Explanation e) {
    if (queueIds.isEmpty() && categories.isEmpty() && lineNumbers.isEmpty()) {
      return true;
    }
    if (lineNumbers.contains(e.lineNumber())) {
      return true;
    }
    if (queueIds.stream().anyMatch(e::mentionsQueueId)) {
      return true;
    }
    return categories.stream().anyMatch(e::counts);
  }

  /** {@code --category sent}: a counter's name (usage error otherwise). */
  static final class CategoryConverter implements picocli.CommandLine.ITypeConverter<Category> {
    @Override
    public Category convert(String value) {
      return Category.byKey(value).orElseThrow(() -> new picocli.CommandLine.TypeConversionException(
          "unknown category '" + value + "' (one of " + String.join(", ",
              Category.all().stream().map(Category::key).toList()) + ")"));
    }
  }

}
