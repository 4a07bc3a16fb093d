package net.mailstat.source;

import java.time.Duration;

/**
 * How a follower waits for its log to change: {@link DirectoryWaker} in production; tests give
 * one that lets the follower take one step at a time.
 */
interface Waker extends AutoCloseable {
  /** Returns after a change, or after {@code interval} at the latest. */
  void await(Duration interval) throws InterruptedException;

  @Override
  void close();
}
