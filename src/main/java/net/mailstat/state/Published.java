package net.mailstat.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one place a counting process's exporters read its counters from: the content of the stat
 * file family as the latest commit left it (this instance's counters merged, under the lock, with
 * the other instances' fields), or as the committer last re-read it when only another instance
 * wrote. Set by the committer's thread; read by any thread without locks. Whoever needs to act on
 * a new content (the SNMP agent's feed) is told after it is set; a listener must only hand the
 * news to its own thread, since it runs on the committer's.
 */
public final class Published implements Consumer<StatFileContent> {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile StatFileContent latest;

  /** The latest content, or null before the first commit (or re-read) worked. */
  public StatFileContent latest() {
    return latest;
  }

  /** Makes {@code content} what every later {@link #latest()} returns, then tells the listeners. */
  @Override
  public void accept(StatFileContent content) {
    latest = content;
    listeners.forEach(Runnable::run);
  }

  /** Calls {@code listener} after each later publication, until {@link #unsubscribe}. */
  public void subscribe(Runnable listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Runnable listener) {
    listeners.remove(listener);
  }
}
