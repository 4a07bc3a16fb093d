package net.mailstat.source;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The file rotated away last, still read for {@link #GRACE}: a syslog daemon appends to it until it
 * is told (HUP) to reopen the log. Then its last unterminated line is delivered and it is closed.
 * Its positions are not reported: a resume continues in the file under the name.
 */
final class RotatedAway implements AutoCloseable {
  static final Duration GRACE = Duration.ofSeconds(5);

  private final LongSupplier nanoTime;
  private FollowedFile file;
  private long until;

  RotatedAway(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Keeps {@code old}, read to its end, for the grace; the one kept before is retired first. */
  void keep(FollowedFile old) throws IOException {
    retire();
    old.rotatedAway();
    file = old;
    until = nanoTime.getAsLong() + GRACE.toNanos();
  }

  /**
   * Reads what was appended to the kept file since; true if anything was. Once the grace is over
   * (checked after reading), the file is retired.
   */
  boolean drain() throws IOException {
    if (file == null) {
      return false;
    }
    boolean read = false;
    while (file.readAvailable()) {
      read = true;
    }
    if (nanoTime.getAsLong() - until > 0) {
      retire();
    }
    return read;
  }

  boolean keeping() {
    return file != null;
  }

  /** Delivers the kept file's last line even without a newline, and closes it. */
  void retire() throws IOException {
    if (file != null) {
      file.finish();
      file.close();
      file = null;
    }
  }

  @Override
  public void close() throws IOException {
    retire();
  }
}
