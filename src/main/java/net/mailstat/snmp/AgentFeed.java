package net.mailstat.snmp;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
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
 * Keeps what the agent serves current, on one thread: every interval, and at once when
 * {@link #wake()} says the counts changed, it polls its {@link Counts} (the stat files in
 * {@code mailstat agent}, the process's own commits in {@code run}) and, where the process has
 * them, asks for its log sources (which replace the counts' one row) and its latest queue sample,
 * and moves the delay window on; it publishes a new snapshot when any of them changed.
 */
public final class AgentFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentFeed.class);

  /** Where the counters come from; called on the feed's thread only. */
  public interface Counts {
    /** The snapshot of the counters now. */
    AgentSnapshot read();

    /** A new snapshot if the counters changed since the last read; empty if not. */
    Optional<AgentSnapshot> poll();
  }

  private final Counts counts;
  private final Supplier<List<AgentSnapshot.SourceRow>> sources;
  private final Supplier<QueueSnapshot> queues;
  private final Clock clock;
  private final DelayWindow delays = new DelayWindow();

  /** Accessed by the thread that calls {@link #read()} first, then only by the feed's thread. */
  private AgentSnapshot counted;
  private AgentSnapshot last;
  private volatile ScheduledExecutorService thread;
  private volatile Runnable round;

  /**
   * @param sources the process's own log sources, or null to serve the counts' stat-file row
   * @param queues the latest queue sample (null until the first one), or null if nothing samples
   */
  public AgentFeed(Counts counts, Supplier<List<AgentSnapshot.SourceRow>> sources,
      Supplier<QueueSnapshot> queues, Clock clock) {
    this.counts = counts;
    this.sources = sources;
    this.queues = queues;
    this.clock = clock;
  }

  /** Reads everything now: the agent's first snapshot. */
  public synchronized AgentSnapshot read() {
    counted = counts.read();
    last = compose();
    return last;
  }

  /** Starts publishing changes to {@code agent} every {@code interval}, after {@link #read()}. */
  public synchronized void start(Consumer<AgentSnapshot> agent, Duration interval) {
    if (counted == null) {
      read();
    }
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "agent-feed");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    round = () -> refreshLogged(agent);
    thread.scheduleWithFixedDelay(round, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Asks for a round now, on the feed's thread (safe from any thread, never waits; does nothing
   * before {@link #start} or after {@link #close}).
   */
  public void wake() {
    Runnable round = this.round;
    ScheduledExecutorService t = thread;
    if (t == null || round == null) {
      return;
    }
    try {
      t.execute(round);
    } catch (RejectedExecutionException e) {
      log.debug("agent feed stopped; not refreshing");
    }
  }

  /** One round: true if a new snapshot was published. */
  synchronized boolean refresh(Consumer<AgentSnapshot> agent) {
    counts.poll().ifPresent(s -> counted = s);
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
    AgentSnapshot s = sources == null ? counted : counted.withSources(sources.get());
    s = s.withDelays(delays.update(detailMap(counted), clock.instant().getEpochSecond()));
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
