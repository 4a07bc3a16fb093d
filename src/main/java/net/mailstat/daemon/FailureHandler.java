package net.mailstat.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when counting or committing throws something nobody expected (an {@code Error},
 * a bug's {@code RuntimeException}). A thread that just died would leave a process that looks alive
 * but counts or commits nothing; ending the process lets the service manager restart it, and the
 * checkpoint makes the restart exact.
 */
@FunctionalInterface
public interface FailureHandler {
  /** Exit status of a process ended by {@link #EXIT}. */
  int EXIT_STATUS = 1;

  /** Logs the failure and ends the process with {@link #EXIT_STATUS} (shutdown hooks still run). */
  FailureHandler EXIT = (where, cause) -> {
    Logger log = LoggerFactory.getLogger(FailureHandler.class);
    log.error("{} failed unexpectedly ({}); exiting with status {} so that the service manager restarts"
        + " mailstat (the last checkpoint makes the restart exact)", where, cause, EXIT_STATUS, cause);
    // Exit from another thread: the failed one returns and so does not hold up the shutdown hooks.
    Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "mailstat-exit");
    exit.start();
  };

  /** {@code where}: what was being done, e.g. "counting /var/log/mail.log" or "committing". */
  void failed(String where, Throwable cause);
}
