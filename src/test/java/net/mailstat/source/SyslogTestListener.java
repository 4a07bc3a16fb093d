package net.mailstat.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.mailstat.line.SourcePosition;

/**
 * A {@link FollowListener} that records what it gets and checks the daemon's contract on the way:
 * every call comes from the source's run() thread, and lines are delivered before a position.
 */
final class SyslogTestListener implements FollowListener {
  final List<String> lines = new CopyOnWriteArrayList<>();
  final AtomicInteger overlong = new AtomicInteger();
  final AtomicInteger reached = new AtomicInteger();
  final List<String> troubles = new CopyOnWriteArrayList<>();
  final List<String> wrongThreads = new CopyOnWriteArrayList<>();
  volatile SourcePosition lastPosition;
  volatile Duration slowDown = Duration.ZERO;
  private volatile Thread runThread;

  void runningOn(Thread t) {
    runThread = t;
  }

  private void check() {
    Thread t = Thread.currentThread();
    if (t != runThread) {
      wrongThreads.add(t.getName());
    }
  }

  @Override
  public void line(byte[] buf, int start, int end) {
    check();
    lines.add(new String(buf, start, end - start, StandardCharsets.UTF_8));
    long nanos = slowDown.toNanos();
    if (nanos > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(nanos); // a slow classifier, on purpose
    }
  }

  @Override
  public void overlongLine() {
    check();
    overlong.incrementAndGet();
  }

  @Override
  public void reached(SourcePosition position) {
    check();
    lastPosition = position;
    reached.incrementAndGet();
  }

  @Override
  public void trouble(String why) {
    check();
    troubles.add(why);
  }
}
