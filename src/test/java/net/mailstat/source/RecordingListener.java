package net.mailstat.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.line.SourcePosition;

/**
 * Records what a follower delivers; can act on the follower's own thread when a given line
 * arrives, to change the files at an exact moment of a catch-up.
 */
final class RecordingListener implements FollowListener {
  final List<String> lines = new ArrayList<>();
  final List<String> troubles = new ArrayList<>();
  final List<long[]> progress = new ArrayList<>();
  private final Map<String, Action> onLine = new HashMap<>();
  volatile SourcePosition position;

  interface Action {
    void run() throws Exception;
  }

  /** Runs {@code action} once, right after {@code line} is delivered. */
  void when(String line, Action action) {
    onLine.put(line, action);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public synchronized void line(byte[] buf, int start, int end) {
    String line = new String(buf, start, end - start, StandardCharsets.UTF_8);
    lines.add(line);
    Action action = onLine.remove(line);
    if (action != null) {
      try {
        action.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public synchronized void overlongLine() {
    lines.add("<overlong>");
  }

  @Override
  public void reached(SourcePosition p) {
    position = p;
  }

  @Override
  public synchronized void trouble(String why) {
    troubles.add(why);
  }

  @Override
  public synchronized void catchUpProgress(long done, long total) {
    progress.add(new long[] {done, total});
  }
}
