package net.mailstat.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;

/**
 * Everything `mailstat run` needs to count: which sources, how to classify, where to keep counts.
 * {@code classicStatFile}: where else to publish the stat line (e.g. {@code /var/tmp/mailstat}), or
 * null. {@code maxHosts}: syslog hosts given a per-host row of their own ({@link HostRows}).
 */
public record DaemonSettings(
    List<LogSource.Definition> sources,
    Ownership ownership,
    Path statFile,
    Path stateDir,
    RuleSet rules,
    ClassifierOptions classifier,
    Duration commitInterval,
    Path classicStatFile,
    int maxHosts) {

  public DaemonSettings {
    sources = List.copyOf(sources);
    if (maxHosts < 1) {
      throw new IllegalArgumentException("maxHosts must be at least 1");
    }
  }

  /** Settings with the default host limit. */
  public DaemonSettings(List<LogSource.Definition> sources, Ownership ownership, Path statFile, Path stateDir,
      RuleSet rules, ClassifierOptions classifier, Duration commitInterval, Path classicStatFile) {
    this(sources, ownership, statFile, stateDir, rules, classifier, commitInterval, classicStatFile,
        HostRows.DEFAULT_MAX);
  }

  /** The default number of syslog hosts with a row of their own. */
  public static int defaultMaxHosts() {
    return HostRows.DEFAULT_MAX;
  }

  /** Settings without a classic stat file. */
  public DaemonSettings(List<LogSource.Definition> sources, Ownership ownership, Path statFile, Path stateDir,
      RuleSet rules, ClassifierOptions classifier, Duration commitInterval) {
    this(sources, ownership, statFile, stateDir, rules, classifier, commitInterval, null);
  }
}
