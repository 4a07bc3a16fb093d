package net.mailstat.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;

/** Everything `mailstat run` needs to count: which sources, how to classify, where to keep counts. */
public record DaemonSettings(
    List<LogSource.Definition> sources,
    Ownership ownership,
    Path statFile,
    Path stateDir,
    RuleSet rules,
    ClassifierOptions classifier,
    Duration commitInterval) {

  public DaemonSettings {
    sources = List.copyOf(sources);
  }
}
