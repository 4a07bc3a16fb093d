package net.mailstat.snmp;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.queue.QueueSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the agent serves current, on one thread: every interval it polls the stat files
 * and, where the process has them, asks for its log sources (which replace the poller's one row)
 * and its latest queue sample, and moves the delay window on; it publishes a new snapshot when any
 * of them changed.
 */
public final class AgentFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentFeed.class);

  private final StatFilePoller files;
  private final Supplier<List<AgentSnapshot.SourceRow>> sources;
  private final Supplier<QueueSnapshot> queues;
  private final Clock clock;
  private final DelayWindow delays = new DelayWindow();

  /** Accessed by the thread that calls {@link #read()} first, then only by the feed's thread. */
  private AgentSnapshot fromFiles;
  private AgentSnapshot last;
  private ScheduledExecutorService thread;

  /**
   * @param sources the process's own log sources, or null to serve the poller's stat-file row
   * @param queues the latest queue sample (null until the first one), or null if nothing samples
   */
  public AgentFeed(StatFilePoller files, Supplier<List<AgentSnapshot.SourceRow>> sources,
      Supplier<QueueSnapshot> queues, Clock clock) {
    this.files = files;
    this.sources = sources;
    this.queues = queues;
    this.clock = clock;
  }

  /** Reads everything now: the agent's first snapshot. */
  public synchronized AgentSnapshot read() {
    fromFiles = files.read();
    last = compose();
    return last;
  }

  /** Starts publishing changes to {@code agent} every {@code interval}, after {@link #read()}. */
  public synchronized void start(Consumer<AgentSnapshot> agent, Duration interval) {
    if (fromFiles == null) {
      read();
    }
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stat-file-poll");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    thread.scheduleWithFixedDelay(() -> refreshLogged(agent), millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One round: true if a new snapshot was published. */
  synchronized boolean refresh(Consumer<AgentSnapshot> agent) {
    files.poll().ifPresent(s -> fromFiles = s);
    AgentSnapshot next = compose();
    if (Objects.equals(next, last)) {
      return false;
    }
    last = next;
    agent.accept(next);
    return true;
  }

  private void refreshLogged(Consumer<AgentSnapshot> agent) {
    try {
      refresh(agent);
    } catch (RuntimeException e) {
      log.error("refreshing the agent's values failed", e);
    }
  }

  private AgentSnapshot compose() {
    AgentSnapshot s = sources == null ? fromFiles : fromFiles.withSources(sources.get());
    s = s.withDelays(delays.update(detailMap(fromFiles), clock.instant().getEpochSecond()));
    return queues == null ? s : s.withQueues(new AgentSnapshot.QueueState(true, queues.get()));
  }

  private static Map<DetailKey, Long> detailMap(AgentSnapshot s) {
    Map<DetailKey, Long> out = new HashMap<>();
    for (AgentSnapshot.DetailRow d : s.details()) {
      if (d.key().family() == DetailFamily.DELAY) {
        out.put(d.key(), d.count());
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.shutdownNow();
      thread = null;
    }
  }
}
