package net.mailstat.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/** Log level changes a command asks for (logging is set up in {@link LogSetup}). */
final class LogLevels {
  private LogLevels() {}

  /** mailstat's own log at DEBUG. */
  static void verbose() {
    if (LoggerFactory.getLogger("net.mailstat") instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(Level.DEBUG);
    }
  }
}
