package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A waker the test turns by hand: the follower waits in it until {@link #step()} lets it go on,
 * and the step returns once the follower waits again, having acted on everything it saw. So a
 * test changes the files while the follower is known to be waiting, never racing it.
 */
final class SteppedWaker implements Waker {
  private static final long LIMIT_SECONDS = 10;

  private final Semaphore go = new Semaphore(0);
  private final Semaphore waiting = new Semaphore(0);

  @Override
  public void await(Duration interval) throws InterruptedException {
    waiting.release();
    go.acquire();
  }

  @Override
  public void close() {}

  /** Returns once the follower waits. */
  void untilWaiting() throws InterruptedException {
    assertThat(waiting.tryAcquire(LIMIT_SECONDS, TimeUnit.SECONDS)).as("the follower waits again").isTrue();
  }

  /** Lets the follower look once more, and returns when it waits again. */
  void step() throws InterruptedException {
    go.release();
    untilWaiting();
  }
}
