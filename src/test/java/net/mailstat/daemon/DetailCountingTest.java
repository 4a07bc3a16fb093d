package net.mailstat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.line.SourcePosition;
import net.mailstat.source.LogSource;
import net.mailstat.state.DetailsFile;
import net.mailstat.state.Ownership;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Details (reject and deferral reasons) are counted with the counters: in the checkpoint and the
 * side file {@code STATFILE.details}, cumulative across restarts, kept per owning instance when a
 * mail and a virus instance share the stat file, never lowered, and bounded in labels.
 */
class DetailCountingTest {
  private static final String T = "2026-03-02T10:00:00+00:00 mail ";
  private static final String RELAY = T + "postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1"
      + " <x@example.org>: Relay access denied; from=<a@example.net> to=<x@example.org> proto=ESMTP helo=<x>";
  private static final String REFUSED = T + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=none, delay=30,"
      + " delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.5]:25: Connection refused)";
  private static final String VIRUS = T + "amavis[4711]: (04711-01) Blocked INFECTED (Eicar-Signature) {DiscardedInbound},"
      + " [198.51.100.9]:4711 <a@example.net> -> <b@example.org>, Queue-ID: 4AB12C3D4E, Message-ID: <q@example.net>,"
      + " mail_id: x, Hits: -, size: 2300, 980 ms";

  @TempDir Path dir;

  private static String rbl(String list) {
    return T + "postfix/smtpd[77]: NOQUEUE: reject: RCPT from x[198.51.100.7]: 554 5.7.1 Service unavailable; Client host"
        + " [198.51.100.7] blocked using " + list + "; from=<a@b> to=<c@d> proto=ESMTP helo=<x>";
  }

  private Path statFile() {
    return dir.resolve("mailstat");
  }

  private Map<String, Long> details() {
    Map<String, Long> out = new TreeMap<>();
    try {
      DetailsFile.read(dir.resolve("mailstat.details")).forEach((k, n) -> out.put(k.toString(), n));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** Runs a daemon of {@code ownership} over {@code lines} (a source named {@code id}) until committed. */
  private void count(Ownership ownership, String id, long linesAfter, String... lines) throws Exception {
    LogSource.Definition source = new LogSource.Definition(id, (resume, firstStart, listener) ->
        ScriptedSource.following(listener, List.of(lines), SourcePosition.ofCursor("after " + linesAfter)));
    DaemonSettings settings = new DaemonSettings(List.of(source), ownership, statFile(), dir.resolve("state"),
        RuleSet.builtin(), ClassifierOptions.defaults(), Duration.ofMillis(20), null, HostRows.DEFAULT_MAX);
    String linesField = ownership == Ownership.ALL ? "lines" : "lines_" + ownership.id();
    try (Daemon daemon = Daemon.start(settings, (category, epochSecond, host, n) -> { }, content -> { },
        CatchUpProgress.NONE, (where, cause) -> { throw new AssertionError(where, cause); })) {
      assertThat(Poll.until(Duration.ofSeconds(10), () -> StatFiles.field(statFile(), linesField) == linesAfter))
          .as("stat file %s", StatFiles.counts(statFile())).isTrue();
    }
  }

  @Test
  void reasonsAreCommittedWithTheCountersAndAddUpAcrossRestarts() throws Exception {
    count(Ownership.ALL, "mail", 3, RELAY, rbl("zen.spamhaus.org"), REFUSED);
    assertThat(details()).containsExactlyInAnyOrderEntriesOf(Map.of("reject relay-denied", 1L,
        "reject rbl-zen.spamhaus.org", 1L, "deferral connection-refused", 1L));

    count(Ownership.ALL, "mail", 5, RELAY, REFUSED);
    assertThat(details()).as("the second run adds to the checkpoint's").containsExactlyInAnyOrderEntriesOf(Map.of(
        "reject relay-denied", 2L, "reject rbl-zen.spamhaus.org", 1L, "deferral connection-refused", 2L));
    CounterSnapshot c = StatFiles.counts(statFile());
    assertThat(c.get(Category.REJECTED)).as("the reasons add up to rejected").isEqualTo(3);
  }

  @Test
  void aVirusInstanceKeepsTheMailInstancesDetails() throws Exception {
    count(Ownership.MAIL, "mail", 2, RELAY, REFUSED);
    count(Ownership.VIRUS, "virus", 2, VIRUS, RELAY);
    assertThat(details()).as("the virus instance owns no family: it neither adds nor removes")
        .containsExactlyInAnyOrderEntriesOf(Map.of("reject relay-denied", 1L, "deferral connection-refused", 1L));
    assertThat(StatFiles.counts(statFile()).get(Category.VIRUS)).isEqualTo(1);
  }

  @Test
  void aHigherValueInTheSideFileIsAdoptedNeverLowered() throws Exception {
    count(Ownership.ALL, "mail", 1, RELAY);
    Files.writeString(dir.resolve("mailstat.details"), "reject relay-denied 40\nreject spf 7\nbogus line\n",
        StandardCharsets.UTF_8);
    count(Ownership.ALL, "mail", 2, RELAY);
    assertThat(details()).containsExactlyInAnyOrderEntriesOf(Map.of("reject relay-denied", 41L, "reject spf", 7L));
  }

  @Test
  void labelsPastTheLimitAreCountedAsOther() {
    DetailLabels labels = new DetailLabels(2, List.of(new DetailKey(DetailFamily.REJECT, "spf")));
    assertThat(labels.bounded(new DetailKey(DetailFamily.REJECT, "size")).label()).isEqualTo("size");
    assertThat(labels.bounded(new DetailKey(DetailFamily.REJECT, "rbl-a.example")).label()).isEqualTo(DetailKey.OTHER);
    assertThat(labels.bounded(new DetailKey(DetailFamily.REJECT, "spf")).label()).isEqualTo("spf");
    assertThat(labels.bounded(new DetailKey(DetailFamily.DEFERRAL, "tls")).label()).as("per family").isEqualTo("tls");
  }
}
