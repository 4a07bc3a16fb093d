package net.mailstat.daemon;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a long-running command (RRD history, counting, agent, web page, status file), closed
 * in the reverse of the order they were started: once, by whichever comes first of a start-up
 * failure (try-with-resources), SIGTERM/SIGINT (one shutdown hook, "mailstat-stop") or the end of
 * the command. A part that fails to close is logged and the others are still closed.
 *
 * <pre>{@code
 * try (Services services = new Services()) {
 *   History history = services.add("RRD history", History.open(...));
 *   Daemon daemon = services.add("counting", Daemon.start(...));   // a throw here closes history
 *   services.awaitShutdown();
 * }
 * }</pre>
 */
public final class Services implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Services.class);

  private record Part(String name, AutoCloseable part) {}

  private final Deque<Part> started = new ArrayDeque<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Registers a started part, to be closed before every part registered earlier; returns it. */
  public synchronized <T extends AutoCloseable> T add(String name, T part) {
    if (closed.getCount() == 0) {
      closeLogged(new Part(name, part));
      throw new IllegalStateException("stopping: " + name + " was started too late");
    }
    started.push(new Part(name, part));
    return part;
  }

  /** Waits until the process is asked to stop, then closes every part (in the shutdown hook). */
  public void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "mailstat-stop"));
    closed.await();
  }

  /** Closes every part, newest first; later calls do nothing. */
  @Override
  public synchronized void close() {
    if (closed.getCount() == 0) {
      return;
    }
    while (!started.isEmpty()) {
      closeLogged(started.pop());
    }
    closed.countDown();
  }

  private static void closeLogged(Part p) {
    try {
      p.part().close();
    } catch (Exception e) {
      log.error("while stopping {}: {}", p.name(), e.getMessage());
    }
  }
}
