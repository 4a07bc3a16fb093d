package net.mailstat.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.source.FollowSettings;
import net.mailstat.state.Ownership;

/** Everything `mailstat run` needs to count: which logs, how to classify, where to keep counts. */
public record DaemonSettings(
    List<Path> logs,
    Ownership ownership,
    Path statFile,
    Path stateDir,
    RuleSet rules,
    ClassifierOptions classifier,
    FollowSettings follow,
    Duration commitInterval) {

  public DaemonSettings {
    logs = List.copyOf(logs);
  }
}
