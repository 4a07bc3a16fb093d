package net.mailstat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mailstat.check.CheckSamples;
import net.mailstat.check.Rates;
import net.mailstat.check.Sample;
import net.mailstat.check.Status;
import net.mailstat.check.Thresholds;
import net.mailstat.check.Verdict;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileFamily;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * A Nagios/Icinga plugin and a drop-in for check_mailstat.pl: per-minute rates since an earlier
 * run against {@code -w}/{@code -c} thresholds, and the stat file's age against
 * {@code --warning-age}/{@code --critical-age}. docs/check.md has the whole behaviour.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Nagios plugin (like check_mailstat.pl): per-minute rates against -w/-c, stat file age.",
      "Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; perfdata after '|'."
    })
final class CheckCommand implements Callable<Integer> {
  static final int OK = Status.OK.exitCode();
  static final int WARNING = Status.WARNING.exitCode();
  static final int CRITICAL = Status.CRITICAL.exitCode();
  static final int UNKNOWN = Status.UNKNOWN.exitCode();

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Option(names = {"-s", "--stat-file"}, paramLabel = "FILE", description = "Stat file (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Option(names = {"-w", "--warning"}, paramLabel = "S:R:B:RJ:V:SP", converter = ThresholdsConverter.class,
      description = "WARNING above these per-minute rates of sent:received:bounced:rejected:virus:spam (0: no"
          + " limit).")
  Thresholds warning = Thresholds.NONE;

  @Option(names = {"-c", "--critical"}, paramLabel = "S:R:B:RJ:V:SP", converter = ThresholdsConverter.class,
      description = "CRITICAL above these per-minute rates (as -w).")
  Thresholds critical = Thresholds.NONE;

  @Option(names = "--warning-age", paramLabel = "SECONDS",
      description = "WARNING if the stat file was not updated for this long (default: ${DEFAULT-VALUE}).")
  long warningAge = 600;

  @Option(names = "--critical-age", paramLabel = "SECONDS",
      description = "CRITICAL if the stat file was not updated for this long (default: ${DEFAULT-VALUE}).")
  long criticalAge = 3600;

  @Option(names = "--state-file", paramLabel = "FILE",
      description = "Where the rates' earlier sample is kept (default: ~/.local/state/mailstat/check-STATFILE).")
  Path stateFile;

  static final class ThresholdsConverter implements ITypeConverter<Thresholds> {
    @Override
    public Thresholds convert(String value) {
      try {
        return Thresholds.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    try {
      StatFileContent content = StatFileReader.read(statFile).orElseThrow(() -> new NoSuchFileException(statFile.toString()));
      long nowMillis = System.currentTimeMillis();
      long ageSeconds = Math.max(0, (nowMillis - Files.getLastModifiedTime(statFile).toMillis()) / 1000);
      Sample now = new Sample(nowMillis, content.counts());
      Path state = stateFile != null ? stateFile : defaultStateFile(statFile);
      Files.createDirectories(state.toAbsolutePath().getParent());
      CheckSamples.Earlier earlier = CheckSamples.exchange(state, now);
      Verdict verdict = Verdict.of(now, ageSeconds, warningAge, criticalAge, Rates.between(earlier.sample(), now),
          warning, critical);
      out.println(verdict.line());
      return verdict.status().exitCode();
    } catch (NoSuchFileException e) {
      out.println("MAILSTAT UNKNOWN - " + e.getFile() + " does not exist");
    } catch (IOException | StatFileException e) {
      out.println("MAILSTAT UNKNOWN - " + e.getMessage());
    }
    return UNKNOWN;
  }

  /** Per user and per stat file, so two checks of two stat files never share their samples. */
  static Path defaultStateFile(Path statFile) {
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
        "state");
    String name = statFile.toAbsolutePath().normalize().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    return base.resolve("mailstat").resolve("check-" + name);
  }
}
