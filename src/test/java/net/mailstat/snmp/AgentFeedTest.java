package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.queue.QueueTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentFeedTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

  @TempDir Path dir;
  final List<AgentSnapshot> published = new ArrayList<>();
  final AtomicReference<QueueSnapshot> queue = new AtomicReference<>();
  final AtomicReference<List<AgentSnapshot.SourceRow>> sources =
      new AtomicReference<>(List.of(new AgentSnapshot.SourceRow("/var/log/mail.log", 0)));

  private AgentFeed feed() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2\n");
    return new AgentFeed(new StatFilePoller(stat, "/bin/cat", CLOCK), sources::get, queue::get, CLOCK);
  }

  private static QueueSnapshot deferred(long messages) {
    return new QueueSnapshot(1_800_000_000L + messages, Map.of(QueueName.DEFERRED, new QueueTotals(messages, 0, 0)), 0,
        null);
  }

  @Test
  void aNewQueueSampleIsPublishedEvenWhenNoFileChanged() throws Exception {
    AgentFeed feed = feed();
    AgentSnapshot first = feed.read();
    assertThat(first.queues().mibStatus()).as("sampling, no sample yet").isEqualTo(2);
    assertThat(feed.refresh(published::add)).as("nothing changed").isFalse();

    queue.set(deferred(3));
    assertThat(feed.refresh(published::add)).isTrue();
    assertThat(published).singleElement()
        .satisfies(s -> assertThat(s.queues().latest().totals(QueueName.DEFERRED).messages()).isEqualTo(3))
        .satisfies(s -> assertThat(s.totals()).isEqualTo(first.totals()));
    assertThat(feed.refresh(published::add)).as("the same sample again").isFalse();
  }

  @Test
  void theProcessesOwnSourcesReplaceTheStatFileRow() throws Exception {
    AgentFeed feed = feed();
    assertThat(feed.read().health().sources()).extracting(AgentSnapshot.SourceRow::name)
        .containsExactly("/var/log/mail.log");
    sources.set(List.of(new AgentSnapshot.SourceRow("/var/log/mail.log", 1_799_999_999L)));
    assertThat(feed.refresh(published::add)).isTrue();
    assertThat(published.get(0).health().sources().get(0).lastLineEpochSecond()).isEqualTo(1_799_999_999L);
  }

  @Test
  void withoutSuppliersTheFilesAloneAreServedAndTheQueuesAreNotSampled() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2\n");
    AgentFeed feed = new AgentFeed(new StatFilePoller(stat, "/bin/cat", CLOCK), null, null, CLOCK);
    AgentSnapshot s = feed.read();
    assertThat(s.queues()).isEqualTo(AgentSnapshot.QueueState.NOT_SAMPLED);
    assertThat(s.health().sources()).extracting(AgentSnapshot.SourceRow::name).containsExactly(stat.toString());
    Files.writeString(stat, "sent:5 received:2 bounced:0\n");
    assertThat(feed.refresh(published::add)).isTrue();
    assertThat(published.get(0).totals().get(net.mailstat.count.Category.SENT)).isEqualTo(5);
  }
}
