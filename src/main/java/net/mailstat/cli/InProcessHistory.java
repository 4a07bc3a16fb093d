package net.mailstat.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.mailstat.count.Category;
import net.mailstat.count.DetailKey;
import net.mailstat.count.EventSink;
import net.mailstat.daemon.FailureHandler;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.rrd.RrdHandoff;
import net.mailstat.rrd.RrdInUseException;
import net.mailstat.rrd.RrdRecorder;
import net.mailstat.rrd.RrdSettings;
import org.rrd4j.core.RrdDbPool;

/**
 * The RRD history kept by a counting process: every counted event (and detail) goes to the
 * recorder, and quiet minutes are closed by the clock every few seconds. Events reach the recorder
 * through an {@link RrdHandoff}, so a slow RRD directory never holds up counting. The latest queue
 * sample is taken on the same flushing thread, so the sampler never waits for the RRD directory.
 */
final class InProcessHistory implements EventSink, AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InProcessHistory.class);
  private static final long FLUSH_SECONDS = 5;

  private final RrdRecorder recorder;
  private final ScheduledExecutorService flusher;
  private final RrdHandoff handoff;
  private volatile Supplier<QueueSnapshot> queues = () -> null;

  private InProcessHistory(RrdRecorder recorder) {
    this.recorder = recorder;
    this.handoff = new RrdHandoff(recorder, recorder::logCompleteUntil, RrdHandoff.CAPACITY);
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rrd-flush");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * A scheduled task that throws is cancelled for good, and the per-host sets are written here:
   * anything unexpected ends the process instead (I/O errors are handled inside the recorder).
   */
  private void flush() {
    try {
      recorder.flush();
      recorder.queueSample(queues.get());
    } catch (Throwable t) {
      FailureHandler.EXIT.failed("writing the RRD history", t);
    }
  }

  /**
   * Opens the databases of {@code run} and {@code demo}, the detail and queue databases included;
   * a directory in use by another process is a {@link UserError}.
   */
  static InProcessHistory open(RrdOptions rrd, boolean perHost, RrdDbPool pool) {
    return open(RrdSettings.of(rrd.dir, rrd.name, perHost).withFamilies(), pool,
        "give each counting process its own --rrd-dir, or --no-rrd");
  }

  /** As above; {@code hint} tells the user how to avoid two writers of one database. */
  static InProcessHistory open(RrdSettings settings, RrdDbPool pool, String hint) {
    try {
      return new InProcessHistory(RrdRecorder.open(settings, pool, Clock.systemUTC()));
    } catch (RrdInUseException e) {
      throw new UserError("RRD history in " + settings.files().dir() + ": " + e.getMessage() + " (" + hint + ")");
    } catch (IOException e) {
      throw new UserError("RRD history in " + settings.files().dir() + ": " + e.getMessage());
    }
  }

  @Override
  public void count(Category category, long epochSecond, String syslogHost, long n) {
    handoff.count(category, epochSecond, syslogHost, n);
  }

  @Override
  public void detail(DetailKey key, long epochSecond, String syslogHost, long n) {
    handoff.detail(key, epochSecond, syslogHost, n);
  }

  /** Records the samples of {@code latest} (null: none yet) in the queue database, every few seconds. */
  void queues(Supplier<QueueSnapshot> latest) {
    this.queues = latest;
  }

  /** Events the history left out because its writer fell behind (see {@link RrdHandoff}). */
  long dropped() {
    return handoff.dropped();
  }

  /** See {@link RrdRecorder#logCompleteUntil}. */
  void logCompleteUntil(long epochSecond) {
    handoff.logCompleteUntil(epochSecond);
  }

  /** Closes {@code history} (null: nothing), logging rather than throwing a failure. */
  static void closeQuietly(InProcessHistory history) {
    if (history != null) {
      try {
        history.close();
      } catch (IOException e) {
        log.error("while closing the RRD history: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() throws IOException {
    handoff.close();
    flusher.shutdown();
    recorder.close();
  }
}
