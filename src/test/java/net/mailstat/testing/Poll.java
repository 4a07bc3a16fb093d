package net.mailstat.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for something to happen without sleeping a fixed time: the one poll of the tests. */
public final class Poll {
  private Poll() {}

  /** Polls {@code condition} every few milliseconds until it holds or {@code timeout} passes; returns whether it held. */
  public static boolean until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(2_000_000);
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    return condition.getAsBoolean();
  }
}
