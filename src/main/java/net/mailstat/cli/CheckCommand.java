package net.mailstat.cli;

import net.mailstat.state.StatFileFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import net.mailstat.count.Category;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A Nagios/Icinga plugin (like check_mailstat.pl): OK while the stat file is fresh, WARNING or
 * CRITICAL when it has not been updated for too long, UNKNOWN when it cannot be read. Counters are
 * printed as performance data (continuous counters, "c" unit).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Nagios-style check of the stat file: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN,",
      "with the counters as performance data."
    })
final class CheckCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int WARNING = 1;
  static final int CRITICAL = 2;
  static final int UNKNOWN = 3;

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Option(names = "--stat-file", paramLabel = "FILE", description = "Stat file (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Option(names = {"-w", "--warning-age"}, paramLabel = "SECONDS",
      description = "WARNING if not updated for this long (default: ${DEFAULT-VALUE}).")
  long warningAge = 600;

  @Option(names = {"-c", "--critical-age"}, paramLabel = "SECONDS",
      description = "CRITICAL if not updated for this long (default: ${DEFAULT-VALUE}).")
  long criticalAge = 3600;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    StatFileContent content;
    long ageSeconds;
    try {
      content = StatFileReader.read(statFile).orElseThrow(() -> new NoSuchFileException(statFile.toString()));
      ageSeconds = (System.currentTimeMillis() - Files.getLastModifiedTime(statFile).toMillis()) / 1000;
    } catch (NoSuchFileException e) {
      out.println("MAILSTAT UNKNOWN - " + statFile + " does not exist");
      return UNKNOWN;
    } catch (IOException | StatFileException e) {
      out.println("MAILSTAT UNKNOWN - " + e.getMessage());
      return UNKNOWN;
    }
    int status = ageSeconds >= criticalAge ? CRITICAL : ageSeconds >= warningAge ? WARNING : OK;
    String word = switch (status) {
      case OK -> "OK";
      case WARNING -> "WARNING";
      default -> "CRITICAL";
    };
    StringJoiner perf = new StringJoiner(" ");
    for (Category c : Category.all()) {
      perf.add(c.key() + "=" + content.counts().get(c) + "c");
    }
    out.printf("MAILSTAT %s - stat file updated %d s ago | %s%n", word, ageSeconds, perf);
    return status;
  }
}
