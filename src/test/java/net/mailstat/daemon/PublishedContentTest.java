package net.mailstat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import net.mailstat.line.SourcePosition;
import net.mailstat.rrd.GraphRenderer;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.snmp.AgentFeed;
import net.mailstat.snmp.AgentSnapshot;
import net.mailstat.snmp.CommittedCounts;
import net.mailstat.source.LogSource;
import net.mailstat.state.CounterStore;
import net.mailstat.state.Ownership;
import net.mailstat.state.Published;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileReader;
import net.mailstat.state.StatFileWriter;
import net.mailstat.testing.Poll;
import net.mailstat.web.WebServer;
import net.mailstat.web.WebSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDbPool;

/**
 * Inside a counting process the SNMP agent and the web page serve one published content: what the
 * latest commit wrote to the stat file family, merged with the other instances' fields, and what
 * the committer re-read when only another instance wrote.
 */
class PublishedContentTest {
  private static final String T = "2026-03-02T10:00:00+00:00 mail ";
  private static final String RELAY = T + "postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1"
      + " <x@example.org>: Relay access denied; from=<a@example.net> to=<x@example.org> proto=ESMTP helo=<x>";
  private static final String REFUSED = T + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=none, delay=30,"
      + " delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.5]:25: Connection refused)";
  private static final FailureHandler FAIL_TEST = (where, cause) -> {
    throw new AssertionError(where, cause);
  };

  @TempDir Path dir;

  private Path statFile() {
    return dir.resolve("mailstat");
  }

  @Test
  void aCommitIsServedByTheAgentAndThePageAsOneSnapshotEqualToTheFiles() throws Exception {
    Published published = new Published();
    LogSource.Definition source = new LogSource.Definition("mail", (resume, firstStart, listener) ->
        ScriptedSource.following(listener, List.of(RELAY, REFUSED, RELAY), SourcePosition.ofCursor("after 3")));
    DaemonSettings settings = new DaemonSettings(List.of(source), Ownership.ALL, statFile(), dir.resolve("state"),
        RuleSet.builtin(), ClassifierOptions.defaults(), Duration.ofMillis(20), null, HostRows.DEFAULT_MAX);
    Clock clock = Clock.systemUTC();
    AgentFeed feed = new AgentFeed(new CommittedCounts(published, statFile(), "/bin/cat", clock), null, null, clock);
    AtomicReference<AgentSnapshot> served = new AtomicReference<>();
    feed.start(served::set, Duration.ofHours(1));
    published.subscribe(feed::wake);
    GraphRenderer graphs = new GraphRenderer(new RrdDbPool(), new RrdFiles(dir.resolve("rrd"), "mailstat"),
        ZoneOffset.UTC);
    try (Daemon daemon = Daemon.start(settings, (category, epochSecond, host, n) -> { }, published,
            CatchUpProgress.NONE, FAIL_TEST);
        WebServer web = WebServer.start(new WebSettings(new InetSocketAddress("127.0.0.1", 0), "test", 0,
            Duration.ZERO), graphs, published::latest, clock);
        feed) {
      assertThat(Poll.until(Duration.ofSeconds(10), () -> served.get() != null
          && served.get().totals().get(Category.REJECTED) == 2)).as("the agent, woken by the commit (its own interval"
              + " is an hour): %s", served.get()).isTrue();
      StatFileContent content = published.latest();
      AgentSnapshot agent = served.get();

      assertThat(StatFileReader.readFamily(statFile())).as("what the files say").contains(content);
      assertThat(agent.statOutput()).isEqualTo(content.line());
      assertThat(agent.totals()).isEqualTo(content.counts());
      assertThat(agent.health().linesRead()).isEqualTo(3);
      Map<DetailKey, Long> agentDetails = new LinkedHashMap<>();
      agent.details().forEach(d -> agentDetails.put(d.key(), d.count()));
      assertThat(agentDetails).isEqualTo(content.details()).hasSize(2);
      Map<String, CounterSnapshot> agentHosts = new LinkedHashMap<>();
      agent.hosts().forEach(h -> agentHosts.put(h.host(), h.counts()));
      assertThat(agentHosts).isEqualTo(content.hosts()).containsOnlyKeys("mail");

      String json = get(web, "/api/counters");
      for (Category c : Category.all()) {
        assertThat(json).contains("\"" + c.key() + "\": " + agent.totals().get(c));
      }
      agentDetails.forEach((k, n) -> assertThat(json).contains("\"" + k.label() + "\": " + n));
      assertThat(get(web, "/metrics")).contains("mailstat_messages_total{category=\"rejected\"} 2\n")
          .contains("mailstat_rejects_total{reason=\"relay-denied\"} 2\n")
          .contains("mailstat_deferrals_total{reason=\"connection-refused\"} 1\n");
    }
  }

  @Test
  void aQuietInstancePublishesAnotherInstancesCommitAtItsNextTick() throws Exception {
    List<StatFileContent> published = new ArrayList<>();
    try (CounterStore mail = CounterStore.open(statFile(), dir.resolve("state"), Ownership.MAIL, Set.of())) {
      Committer committer = new Committer(mail, List.of(), published::add, FAIL_TEST);
      committer.commit(true);
      assertThat(published).hasSize(1);
      assertThat(StatFileReader.readFamily(statFile())).contains(published.get(0));
      committer.commit(false);
      assertThat(published).as("nothing changed: nothing re-read, nothing published").hasSize(1);

      StatFileWriter virus = new StatFileWriter(statFile(), Ownership.VIRUS);
      CounterSnapshot seven = CounterSnapshot.zero().with(Category.VIRUS, 7);
      virus.publish(seven, virus.extraFields(9, 1), Map.of("mx", seven), Map.of(), line -> { });
      committer.commit(false);

      assertThat(published).hasSize(2);
      StatFileContent latest = published.get(1);
      assertThat(latest.counts().get(Category.VIRUS)).isEqualTo(7);
      assertThat(latest.fields()).containsEntry("lines_virus", 9L).containsEntry("lines_mail", 0L);
      assertThat(latest.hosts()).containsEntry("mx", seven);
      assertThat(StatFileReader.readFamily(statFile())).contains(latest);
      committer.commit(false);
      assertThat(published).as("read once per change").hasSize(2);
    }
  }

  @Test
  void aListenerHearsOfEveryPublicationUntilItUnsubscribes() {
    Published published = new Published();
    AtomicInteger heard = new AtomicInteger();
    Runnable listener = heard::incrementAndGet;
    assertThat(published.latest()).isNull();
    published.subscribe(listener);
    StatFileContent first = new StatFileContent("sent:1", Map.of("sent", 1L));
    published.accept(first);
    assertThat(published.latest()).isSameAs(first);
    published.unsubscribe(listener);
    published.accept(new StatFileContent("sent:2", Map.of("sent", 2L)));
    assertThat(heard).hasValue(1);
    assertThat(published.latest().counts().get(Category.SENT)).isEqualTo(2);
  }

  private static String get(WebServer web, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + web.address().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }
}
