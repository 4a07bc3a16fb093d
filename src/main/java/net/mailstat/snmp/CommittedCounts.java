package net.mailstat.snmp;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import net.mailstat.state.Published;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileFamily;

/**
 * The agent's values inside a counting process ({@code mailstat run}): the content its committer
 * published last ({@link Published}, the same one the web page serves), never a read of the files.
 * The stat file's text is its line, as {@code cat} would print it less the final newline. Before
 * anything was published (the first commit failed and there was no stat file to re-read) it serves
 * what the agent serves for a missing stat file. Rows keep their position and details never go down
 * ({@link ServedRows}).
 */
public final class CommittedCounts implements AgentFeed.Counts {
  private final Published published;
  private final Path statFile;
  private final String catCommand;
  private final ServedRows rows;

  /** Accessed only by the thread calling {@link #poll()}. */
  private StatFileContent last;

  /**
   * @param statFile the stat file the process commits to (its name in the source row and in the
   *     missing-file message)
   * @param catCommand the program name cat would report errors under, e.g. {@code /bin/cat}
   */
  public CommittedCounts(Published published, Path statFile, String catCommand, Clock clock) {
    this.published = published;
    this.statFile = statFile;
    this.catCommand = catCommand;
    this.rows = new ServedRows(new StatFileFamily(statFile).details(), clock.instant().getEpochSecond());
  }

  @Override
  public synchronized AgentSnapshot read() {
    last = published.latest();
    return build(last);
  }

  /** A new snapshot if something was published since the last read; empty if not. */
  @Override
  public synchronized Optional<AgentSnapshot> poll() {
    StatFileContent now = published.latest();
    if (now == last) {
      return Optional.empty();
    }
    last = now;
    return Optional.of(build(now));
  }

  private AgentSnapshot build(StatFileContent content) {
    AgentSnapshot.SourceRow row = new AgentSnapshot.SourceRow(statFile.toString(), 0);
    if (content == null) {
      return rows.missing(CatOutput.noSuchFile(statFile, catCommand).output(), Map.of(), Map.of(), row);
    }
    return rows.snapshot(content.line(), content.fields(), content.hosts(), content.details(), row,
        AgentSnapshot.InstanceStatus.RUNNING);
  }
}
