package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.state.Published;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatLine;
import org.junit.jupiter.api.Test;

/** The agent of a counting process serves what its committer published, with the agent's promises. */
class CommittedCountsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
  private static final Path STAT_FILE = Path.of("/var/lib/mailstat/mailstat");
  private static final DetailKey RELAY = new DetailKey(DetailFamily.REJECT, "relay-denied");
  private static final DetailKey SPF = new DetailKey(DetailFamily.REJECT, "spf");

  private final Published published = new Published();
  private final CommittedCounts counts = new CommittedCounts(published, STAT_FILE, "/bin/cat", CLOCK);

  private static StatFileContent content(String line, Map<String, CounterSnapshot> hosts, Map<DetailKey, Long> details) {
    return new StatFileContent(line, StatLine.parseFields(line), hosts, details);
  }

  @Test
  void beforeAnythingIsPublishedItServesWhatItServesForAMissingStatFile() {
    AgentSnapshot s = counts.read();
    assertThat(s.health().status()).isEqualTo(AgentSnapshot.InstanceStatus.STAT_FILE_MISSING);
    assertThat(s.statExitCode()).isEqualTo(1);
    assertThat(s.statOutput()).isEqualTo("/bin/cat: " + STAT_FILE + ": No such file or directory");
    assertThat(s.totals()).isEqualTo(CounterSnapshot.zero());
    assertThat(counts.poll()).as("still nothing published").isEmpty();
  }

  @Test
  void eachPublicationIsServedOnceWithTheFilesLineAsCatsOutput() {
    counts.read();
    published.accept(content("sent:3 received:4 lines:9 unparsed:2", Map.of(), Map.of(RELAY, 1L)));
    AgentSnapshot s = counts.poll().orElseThrow();
    assertThat(s.statOutput()).isEqualTo("sent:3 received:4 lines:9 unparsed:2");
    assertThat(s.statExitCode()).isZero();
    assertThat(s.health().status()).isEqualTo(AgentSnapshot.InstanceStatus.RUNNING);
    assertThat(s.totals().get(Category.RECEIVED)).isEqualTo(4);
    assertThat(s.health().linesRead()).isEqualTo(9);
    assertThat(s.health().unparsedLines()).isEqualTo(2);
    assertThat(counts.poll()).as("the same publication again").isEmpty();
  }

  @Test
  void rowsKeepTheirPlaceAndADetailCountNeverGoesDown() {
    CounterSnapshot one = CounterSnapshot.zero().with(Category.SENT, 1);
    published.accept(content("sent:1", Map.of("mx2", one), Map.of(SPF, 5L)));
    counts.read();
    published.accept(content("sent:2", Map.of("mx1", one, "mx2", one), Map.of(RELAY, 1L, SPF, 3L)));
    AgentSnapshot s = counts.poll().orElseThrow();
    assertThat(s.hosts()).extracting(AgentSnapshot.HostRow::host).containsExactly("mx2", "mx1");
    assertThat(s.details()).containsExactly(new AgentSnapshot.DetailRow(SPF, 5L), new AgentSnapshot.DetailRow(RELAY, 1L));
  }
}
