package net.mailstat.daemon;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.mailstat.line.SourcePosition;
import net.mailstat.source.FollowListener;
import net.mailstat.source.LogSource;

/**
 * A source for daemon tests: delivers its lines, reports {@code reached} (null: none), delivers
 * {@code after} (lines not reported as reached), then either ends by itself or waits for stop().
 */
final class ScriptedSource implements LogSource {
  private final FollowListener listener;
  private final List<String> lines;
  private final SourcePosition reached;
  private final List<String> after;
  private final boolean endsByItself;
  private final CountDownLatch stopped = new CountDownLatch(1);

  ScriptedSource(FollowListener listener, List<String> lines, SourcePosition reached, List<String> after,
      boolean endsByItself) {
    this.listener = listener;
    this.lines = lines;
    this.reached = reached;
    this.after = after;
    this.endsByItself = endsByItself;
  }

  /** Delivers {@code lines}, reports {@code reached} and runs until stopped. */
  static ScriptedSource following(FollowListener listener, List<String> lines, SourcePosition reached) {
    return new ScriptedSource(listener, lines, reached, List.of(), false);
  }

  @Override
  public void run() {
    lines.forEach(this::deliver);
    if (reached != null) {
      listener.reached(reached);
    }
    after.forEach(this::deliver);
    if (endsByItself) {
      return;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(String line) {
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    listener.line(b, 0, b.length);
  }

  @Override
  public void stop() {
    stopped.countDown();
  }
}
