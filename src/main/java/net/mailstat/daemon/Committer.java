package net.mailstat.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.mailstat.state.CounterStore;
import net.mailstat.state.SourceCheckpoint;
import net.mailstat.state.StatFileContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the sources' latest counts-with-positions whenever they changed. A failed commit (disk
 * full, read-only directory: an I/O error) is reported once and retried on every tick; the counts
 * stay in memory meanwhile, so nothing is lost. Anything else thrown on a scheduled commit goes to
 * the {@link FailureHandler}: an executor silently cancels a task that throws.
 *
 * <p>Every content it writes goes to {@code onPublished} (the process's exporters read only that,
 * {@link net.mailstat.state.Published}). On a tick with nothing of its own to write, or whose
 * commit failed, it re-reads the stat file family if another instance changed it (a look at three
 * files' stamps; a read under the lock only when one changed) and publishes that: so a quiet
 * instance's exporters show another instance's commits one tick later, never older ones.
 */
final class Committer {
  private static final Logger log = LoggerFactory.getLogger(Committer.class);

  private final CounterStore store;
  private final List<SourceRunner> runners;
  private final Consumer<StatFileContent> onPublished;
  private List<SourceCheckpoint> lastCommitted = List.of();
  private String lastError;
  private long lastSuccessSecond;

  private final FailureHandler failure;

  Committer(CounterStore store, List<SourceRunner> runners, Consumer<StatFileContent> onPublished,
      FailureHandler failure) {
    this.store = store;
    this.runners = runners;
    this.onPublished = onPublished;
    this.failure = failure;
  }

  /** A commit that never throws (a scheduled task that throws is cancelled for good). */
  void commitReportingFailures() {
    try {
      commit(false);
    } catch (Throwable t) {
      failure.failed("committing", t);
    }
  }

  /** Commits if anything changed since the last successful commit; forced commits always write. */
  synchronized void commit(boolean force) {
    List<SourceCheckpoint> current = new ArrayList<>();
    for (SourceRunner r : runners) {
      SourceCheckpoint cp = r.latest();
      if (cp != null) {
        current.add(cp);
      }
    }
    if (!force && sameObjects(current, lastCommitted)) {
      publishOthersChanges();
      return;
    }
    try {
      StatFileContent published = store.commit(current, System.currentTimeMillis() / 1000);
      lastCommitted = current;
      lastSuccessSecond = System.currentTimeMillis() / 1000;
      if (lastError != null) {
        log.info("commit works again; all counts are on disk");
        lastError = null;
      }
      onPublished.accept(published);
    } catch (IOException | UncheckedIOException e) {
      String message = e.getMessage();
      if (!String.valueOf(message).equals(lastError)) {
        log.error("cannot write counters ({}); still counting in memory, retrying", message);
        lastError = String.valueOf(message);
      }
      publishOthersChanges();
    }
  }

  private void publishOthersChanges() {
    try {
      store.rereadIfChanged().ifPresent(onPublished);
    } catch (IOException | UncheckedIOException e) {
      log.debug("cannot re-read the stat file: {}", e.getMessage());
    }
  }

  synchronized long lastSuccessSecond() {
    return lastSuccessSecond;
  }

  synchronized String lastError() {
    return lastError;
  }

  private static boolean sameObjects(List<SourceCheckpoint> a, List<SourceCheckpoint> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }
}
