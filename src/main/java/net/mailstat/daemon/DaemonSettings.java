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
 * null.
 */
public record DaemonSettings(
    List<LogSource.Definition> sources,
    Ownership ownership,
    Path statFile,
    Path stateDir,
    RuleSet rules,
    ClassifierOptions classifier,
    Duration commitInterval,
    Path classicStatFile) {

  public DaemonSettings {
    sources = List.copyOf(sources);
  }

  /** Settings without a classic stat file. */
  public DaemonSettings(List<LogSource.Definition> sources, Ownership ownership, Path statFile, Path stateDir,
      RuleSet rules, ClassifierOptions classifier, Duration commitInterval) {
    this(sources, ownership, statFile, stateDir, rules, classifier, commitInterval, null);
  }
}
