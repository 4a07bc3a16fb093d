package net.mailstat.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.mailstat.daemon.SourceStatus;
import net.mailstat.queue.QueueSampler;
import net.mailstat.snmp.AgentFeed;
import net.mailstat.snmp.AgentSnapshot;
import net.mailstat.snmp.AgentStartException;
import net.mailstat.snmp.CommittedCounts;
import net.mailstat.snmp.SnmpAgent;
import net.mailstat.state.Published;

/**
 * The SNMP agent run inside a counting process, serving what that process's committer publishes
 * (the content the web page serves too), never a read of the files.
 */
final class InProcessAgent implements AutoCloseable {
  /** How often the sources' last-line times and the queue sample are looked at; commits wake the feed at once. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final Published published;
  private final Runnable wake;
  private final AgentFeed feed;
  private final SnmpAgent agent;

  private InProcessAgent(Published published, Runnable wake, AgentFeed feed, SnmpAgent agent) {
    this.published = published;
    this.wake = wake;
    this.feed = feed;
    this.agent = agent;
  }

  /**
   * Starts serving {@code published} (the commits to {@code statFile}), with the counting
   * process's own sources (each log's latest line, hence its staleness) in the source table and
   * its queue samples (null: none taken); throws {@link AgentStartException} if it cannot listen.
   */
  static InProcessAgent start(AgentOptions options, Path statFile, Published published,
      Supplier<List<SourceStatus>> sources, QueueSampler queues) throws AgentStartException {
    Clock clock = Clock.systemUTC();
    AgentFeed feed = new AgentFeed(new CommittedCounts(published, statFile, AgentOptions.CAT, clock),
        () -> sourceRows(sources.get()), queues == null ? null : queues::latest, clock);
    Runnable wake = feed::wake;
    published.subscribe(wake);
    SnmpAgent agent = new SnmpAgent(options.settings(statFile), feed.read(), clock);
    try {
      agent.start();
    } catch (AgentStartException | RuntimeException e) {
      published.unsubscribe(wake);
      throw e;
    }
    feed.start(agent::publish, POLL_INTERVAL);
    return new InProcessAgent(published, wake, feed, agent);
  }

  private static List<AgentSnapshot.SourceRow> sourceRows(List<SourceStatus> sources) {
    List<AgentSnapshot.SourceRow> rows = new ArrayList<>();
    for (SourceStatus source : sources) {
      rows.add(new AgentSnapshot.SourceRow(source.sourceId(), source.lastLineMillis() / 1000));
    }
    return rows;
  }

  /** The bound addresses, e.g. {@code 127.0.0.1/1161}. */
  List<String> boundAddresses() {
    return agent.boundAddresses();
  }

  @Override
  public void close() {
    published.unsubscribe(wake);
    feed.close();
    agent.stop();
  }
}
