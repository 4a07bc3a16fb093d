package net.mailstat.rrd;

import java.io.IOException;

/** Another process is writing one of the databases a recorder was to write (its lock is held). */
public final class RrdInUseException extends IOException {
  RrdInUseException(String message) {
    super(message);
  }
}
