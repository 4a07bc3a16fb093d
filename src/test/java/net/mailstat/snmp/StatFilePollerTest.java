package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.mailstat.count.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatFilePollerTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

  @TempDir Path dir;
  final List<AgentSnapshot> published = new ArrayList<>();

  private StatFilePoller poller(Path stat) {
    return new StatFilePoller(stat, "/bin/cat", CLOCK);
  }

  /** Polls once, keeping what it published; true if it did. */
  private boolean poll(StatFilePoller p) {
    return p.poll().map(published::add).orElse(false);
  }

  @Test
  void aMissingFileReadsAsZerosWithCatsMessage() {
    Path stat = dir.resolve("mailstat");
    AgentSnapshot s = poller(stat).read();
    assertThat(s.statOutput()).isEqualTo("/bin/cat: " + stat + ": No such file or directory");
    assertThat(s.statExitCode()).isEqualTo(1);
    assertThat(s.totals().get(Category.SENT)).isZero();
    assertThat(s.health().status()).isEqualTo(AgentSnapshot.InstanceStatus.STAT_FILE_MISSING);
    assertThat(s.health().agentStartEpochSecond()).isEqualTo(1_800_000_000L);
  }

  @Test
  void aGoodFileGivesCountsHealthAndOutputWithoutTheFinalNewline() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:3 received:4 bounced:0 rejected:1 virus:0 spam:2 lines:99 unparsed:5\nmore\n");
    AgentSnapshot s = poller(stat).read();
    assertThat(s.statOutput()).isEqualTo("sent:3 received:4 bounced:0 rejected:1 virus:0 spam:2 lines:99 unparsed:5\nmore");
    assertThat(s.firstLine()).isEqualTo("sent:3 received:4 bounced:0 rejected:1 virus:0 spam:2 lines:99 unparsed:5");
    assertThat(s.statExitCode()).isZero();
    assertThat(s.totals().get(Category.RECEIVED)).isEqualTo(4);
    assertThat(s.totals().get(Category.DELAYED)).isZero();
    assertThat(s.health().linesRead()).isEqualTo(99);
    assertThat(s.health().unparsedLines()).isEqualTo(5);
    assertThat(s.health().status()).isEqualTo(AgentSnapshot.InstanceStatus.RUNNING);
    assertThat(s.health().sources()).singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo(stat.toString()))
        .satisfies(r -> assertThat(r.lastLineEpochSecond()).isEqualTo(Files.getLastModifiedTime(stat).toInstant().getEpochSecond()));
  }

  @Test
  void aDamagedFileKeepsTheLastGoodValues() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:7 received:8\n");
    StatFilePoller p = poller(stat);
    p.read();
    Files.writeString(stat, "sent:7 received:eight garbage\n");
    assertThat(poll(p)).isTrue();
    AgentSnapshot damaged = published.get(0);
    assertThat(damaged.health().status()).isEqualTo(AgentSnapshot.InstanceStatus.STAT_FILE_DAMAGED);
    assertThat(damaged.totals().get(Category.RECEIVED)).isEqualTo(8);
    assertThat(damaged.statOutput()).isEqualTo("sent:7 received:8");
    Files.writeString(stat, "sent:9 received:10 bounced:0\n");
    assertThat(poll(p)).isTrue();
    assertThat(published.get(1).health().status()).isEqualTo(AgentSnapshot.InstanceStatus.RUNNING);
    assertThat(published.get(1).totals().get(Category.SENT)).isEqualTo(9);
  }

  @Test
  void aLinkAFifoOrAnotherUsersFileInItsPlaceIsNeverServedNorOpened() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:7 received:8\n");
    StatFilePoller p = poller(stat);
    p.read();
    Path forged = dir.resolve("forged");
    Files.writeString(forged, "sent:999999 received:999999\n");

    Files.delete(stat);
    Files.createSymbolicLink(stat, forged);
    assertThat(poll(p)).isTrue();
    Files.delete(stat);
    assertThat(new ProcessBuilder("mkfifo", stat.toString()).start().waitFor()).isZero();
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
        () -> assertThat(poll(p)).as("a FIFO is not opened, so the poll returns").isTrue());
    Files.delete(stat);
    Files.copy(forged, stat);
    Files.setAttribute(stat, "unix:uid", 54321);
    assertThat(poll(p)).isTrue();

    assertThat(published).hasSize(3).allSatisfy(s -> {
      assertThat(s.health().status()).isEqualTo(AgentSnapshot.InstanceStatus.STAT_FILE_DAMAGED);
      assertThat(s.totals().get(Category.RECEIVED)).isEqualTo(8);
      assertThat(s.statOutput()).isEqualTo("sent:7 received:8");
    });
  }

  @Test
  void pollPublishesOnlyWhenAFileChanged() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1\n");
    StatFilePoller p = poller(stat);
    p.read();
    assertThat(poll(p)).isFalse();
    Path tmp = dir.resolve("tmp");
    Files.writeString(tmp, "sent:2\n");
    Files.move(tmp, stat, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertThat(poll(p)).isTrue();
    assertThat(published).singleElement().satisfies(s -> assertThat(s.totals().get(Category.SENT)).isEqualTo(2));
    Files.writeString(dir.resolve("mailstat.hosts"), "mx sent:1\n");
    assertThat(poll(p)).isTrue();
    assertThat(published.get(1).hosts()).extracting(AgentSnapshot.HostRow::host).containsExactly("mx");
  }

  @Test
  void hostRowsKeepTheirPositionWhenNewHostsSortBeforeThem() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1\n");
    Path hosts = dir.resolve("mailstat.hosts");
    Files.writeString(hosts, "mx2 sent:1 received:2\nmx3 sent:3\n");
    StatFilePoller p = poller(stat);
    assertThat(p.read().hosts()).extracting(AgentSnapshot.HostRow::host).containsExactly("mx2", "mx3");
    Files.writeString(hosts, "mx1 sent:9\nmx2 sent:5 received:2\nmx3 sent:3\n");
    AgentSnapshot s = p.read();
    assertThat(s.hosts()).extracting(AgentSnapshot.HostRow::host).containsExactly("mx2", "mx3", "mx1");
    assertThat(s.hosts().get(0).counts().get(Category.SENT)).isEqualTo(5);
  }

  private static List<String> detailRows(AgentSnapshot s) {
    return s.details().stream().map(d -> d.key() + " " + d.count()).toList();
  }

  @Test
  void detailRowsComeFromTheSideFileAndKeepTheirPlaceWhenNewLabelsArrive() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2\n");
    Path details = dir.resolve("mailstat.details");
    Files.writeString(details, "reject unknown-recipient 4\ntls inbound-trusted 9\n");
    StatFilePoller p = poller(stat);
    assertThat(detailRows(p.read())).containsExactly("reject unknown-recipient 4", "tls inbound-trusted 9");

    Files.writeString(details, "reject rbl 1\nreject unknown-recipient 6\ntls inbound-trusted 9\n");
    assertThat(poll(p)).as("a change of the side file alone is seen").isTrue();
    assertThat(detailRows(published.get(0)))
        .containsExactly("reject unknown-recipient 6", "tls inbound-trusted 9", "reject rbl 1");
  }

  @Test
  void aDetailCountNeverGoesDownAndGarbageLinesAreSkipped() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2\n");
    Path details = dir.resolve("mailstat.details");
    Files.writeString(details, "reject unknown-recipient 40\n");
    StatFilePoller p = poller(stat);
    p.read();
    Files.writeString(details, "reject unknown-recipient 3\nREJECT Bad Label 5\nnofamily x 1\nspf pass 99999999999999999999\n"
        + "\u0000\u0001garbage\ndkim pass 7\n");
    assertThat(poll(p)).isTrue();
    assertThat(detailRows(published.get(0))).containsExactly("reject unknown-recipient 40", "dkim pass 7");
  }

  @Test
  void aForgedSideFileCannotGrowAFamilyPastItsLimit() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2\n");
    StringBuilder forged = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      forged.append("reject label-").append(i).append(' ').append(i).append('\n');
    }
    forged.append("tls inbound-trusted 2\n");
    Files.writeString(dir.resolve("mailstat.details"), forged);
    AgentSnapshot s = poller(stat).read();
    assertThat(s.details().stream().filter(d -> d.key().family() == net.mailstat.count.DetailFamily.REJECT))
        .hasSize(net.mailstat.count.DetailFamily.MAX_LABELS + 1);
    assertThat(detailRows(s)).contains("tls inbound-trusted 2");
  }
}
