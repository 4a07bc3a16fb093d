package net.mailstat.queue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the Postfix queues by running {@code postqueue -j} (or the configured command) every
 * interval on its own threads ("mailstat-queue") and publishes the latest {@link QueueSnapshot}.
 *
 * <p>The command's output is read as a stream ({@link PostqueueOutput}); a run that takes longer
 * than the timeout is killed, with everything it started, by PID. A run that cannot start, exits
 * non-zero or is killed makes the snapshot unavailable, with the command's last line on stderr
 * (postqueue's "fatal: ..." line) or what went wrong as the reason. Each change of state (up,
 * unavailable for a new reason, unparsed lines appearing) is logged once, never once per sample:
 * queues that become unavailable after they were up are a warning; queues unavailable from the
 * start (postqueue installed on a loghost whose Postfix is not set up) are news, not a warning.
 */
public final class QueueSampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueSampler.class);
  static final int MAX_REASON = 200;
  /** How long stderr may stay open once the command has exited. */
  private static final long STDERR_GRACE_MILLIS = 1000;

  private final QueueSettings settings;
  private final Clock clock;
  // One thread reads stdout, one drains stderr, one kills a run that overstays its timeout.
  private final ScheduledThreadPoolExecutor threads;
  private volatile QueueSnapshot latest;
  private volatile Process running;
  private String loggedState;

  QueueSampler(QueueSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.threads = new ScheduledThreadPoolExecutor(3, r -> {
      Thread t = new Thread(r, "mailstat-queue");
      t.setDaemon(true);
      return t;
    });
    threads.setRemoveOnCancelPolicy(true);
  }

  /** Starts sampling now and then every {@code settings.interval()} after the previous run ended. */
  public static QueueSampler start(QueueSettings settings, Clock clock) {
    return create(settings, clock).start();
  }

  /**
   * A sampler that has not run anything yet ({@link #latest()} null) and starts no thread until
   * {@link #start()}: its readers can be wired up before the process is sure to run.
   */
  public static QueueSampler create(QueueSettings settings, Clock clock) {
    return new QueueSampler(settings, clock);
  }

  /** Starts sampling now and then every {@code settings.interval()} after the previous run ended. */
  public QueueSampler start() {
    threads.scheduleWithFixedDelay(this::sampleOnce, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The latest sample, or null before the first run has ended; any thread. */
  public QueueSnapshot latest() {
    return latest;
  }

  /** Runs the command once, publishes and returns the snapshot. */
  QueueSnapshot sampleOnce() {
    QueueSnapshot s;
    try {
      s = sample();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return latest;
    }
    latest = s;
    logChange(s);
    return s;
  }

  private QueueSnapshot sample() throws InterruptedException {
    long now = clock.millis() / 1000;
    Process p;
    try {
      p = new ProcessBuilder(settings.command()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      return QueueSnapshot.unavailable(now, "cannot run " + settings.command().get(0) + ": " + startFailure(e));
    }
    running = p;
    AtomicBoolean killed = new AtomicBoolean();
    long timeoutMillis = settings.timeout().toMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    ScheduledFuture<?> killer = threads.schedule(() -> {
      if (p.isAlive()) {
        killed.set(true);
        kill(p);
      }
    }, timeoutMillis, TimeUnit.MILLISECONDS);
    Future<String> stderr = threads.submit(() -> lastLine(p.getErrorStream()));
    try {
      PostqueueOutput.Tally tally = null;
      String readError = null;
      try (InputStream out = p.getInputStream()) {
        tally = PostqueueOutput.read(out, now);
      } catch (IOException e) {
        readError = e.getMessage();
      }
      long left = Math.max(0, deadline - System.nanoTime());
      if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
        killed.set(true);
        kill(p);
        p.waitFor(STDERR_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      }
      String lastError = stderrLine(stderr);
      if (killed.get()) {
        return QueueSnapshot.unavailable(now, settings.command().get(0) + " did not finish within "
            + QueueSettings.text(settings.timeout()) + " (killed)");
      }
      if (p.exitValue() != 0) {
        return QueueSnapshot.unavailable(now, lastError.isEmpty()
            ? settings.command().get(0) + " exited with status " + p.exitValue() : lastError);
      }
      if (tally == null) {
        return QueueSnapshot.unavailable(now, "cannot read the output of " + settings.command().get(0) + ": " + readError);
      }
      return tally.snapshot(now);
    } finally {
      killer.cancel(false);
      if (p.isAlive()) {
        kill(p);
      }
      stderr.cancel(true);
      closeQuietly(p.getErrorStream());
      running = null;
    }
  }

  private static String startFailure(IOException e) {
    String m = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceFirst("^error=\\d+, ", "");
  }

  private static String stderrLine(Future<String> stderr) throws InterruptedException {
    try {
      return stderr.get(STDERR_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }

  /** The last non-empty line of {@code in}, control characters replaced, cut to {@link #MAX_REASON}. */
  static String lastLine(InputStream in) throws IOException {
    StringBuilder current = new StringBuilder();
    String last = "";
    byte[] buf = new byte[4096];
    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
      for (int i = 0; i < n; i++) {
        int c = buf[i] & 0xff;
        if (c == '\n') {
          if (!current.toString().isBlank()) {
            last = current.toString().strip();
          }
          current.setLength(0);
        } else if (current.length() < MAX_REASON) {
          current.append(c < 0x20 || c == 0x7f ? '?' : (char) c);
        }
      }
    }
    return current.toString().isBlank() ? last : current.toString().strip();
  }

  /** Kills the command and everything it started (a shell's children would hold the pipes open). */
  private static void kill(Process p) {
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      log.debug("closing the queue command's stderr: {}", e.getMessage());
    }
  }

  private void logChange(QueueSnapshot s) {
    String state = s.up() ? (s.unparsedLines() == 0 ? "up" : "up, unparsed") : s.reason();
    if (state.equals(loggedState)) {
      return;
    }
    if (!s.up()) {
      if (loggedState != null && loggedState.startsWith("up")) {
        log.warn("queue: {}", s.describe());
      } else {
        log.info("queue: {}", s.describe());
      }
    } else if (s.unparsedLines() > 0) {
      log.warn("queue: {} printed {} lines that are not queue entries (skipped)", settings.command().get(0),
          s.unparsedLines());
    } else {
      log.info("queue: sampling '{}' every {}", String.join(" ", settings.command()),
          QueueSettings.text(settings.interval()));
    }
    loggedState = state;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    Process p = running;
    if (p != null) {
      kill(p);
    }
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
