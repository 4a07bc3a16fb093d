package net.mailstat.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

/** The sampler against fake postqueue commands: real output, a stopped Postfix, hangs, garbage and floods. */
class QueueSamplerTest {
  private static final long NOW = PostqueueOutputTest.NOW;
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  @TempDir Path dir;

  private Path script(String body) throws IOException {
    Path s = dir.resolve("postqueue");
    Files.writeString(s, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
    return s;
  }

  private QueueSnapshot sampleOnce(List<String> command, Duration timeout) {
    try (QueueSampler sampler = new QueueSampler(new QueueSettings(command, Duration.ofSeconds(60), timeout), clock)) {
      QueueSnapshot s = sampler.sampleOnce();
      assertThat(sampler.latest()).isSameAs(s);
      return s;
    }
  }

  private QueueSnapshot sampleOnce(Path script) {
    return sampleOnce(List.of(script.toString()), Duration.ofSeconds(20));
  }

  private Path realOutput() throws IOException {
    Path out = dir.resolve("real.jsonl");
    try (var in = getClass().getResourceAsStream("/queue/postqueue-3.7.jsonl")) {
      Files.copy(in, out);
    }
    return out;
  }

  @Test
  void theCommandsOutputBecomesTheSnapshot() throws IOException {
    QueueSnapshot s = sampleOnce(script("cat '" + realOutput() + "'"));
    assertThat(s.up()).isTrue();
    assertThat(s.epochSecond()).isEqualTo(NOW);
    assertThat(s.totals(QueueName.DEFERRED)).isEqualTo(new QueueTotals(3, 5813, NOW - 1796365495L));
    assertThat(s.totals(QueueName.MAILDROP).messages()).isEqualTo(2);
    assertThat(s.totals(QueueName.ACTIVE)).isEqualTo(QueueTotals.EMPTY);
    assertThat(s.unparsedLines()).isZero();
  }

  @Test
  void aStoppedPostfixIsUnavailableWithPostqueuesOwnWordsAndNoGauges() throws IOException {
    QueueSnapshot s = sampleOnce(script(
        "echo 'postqueue: warning: Mail system is down -- accessing queue directly' >&2\n"
            + "echo 'postqueue: fatal: Queue report unavailable - mail system is down' >&2\nexit 69"));
    assertThat(s.up()).isFalse();
    assertThat(s.reason()).isEqualTo("postqueue: fatal: Queue report unavailable - mail system is down");
    assertThat(s.describe()).isEqualTo("unavailable (postqueue: fatal: Queue report unavailable - mail system is down)");
    assertThat(s.queues()).isEmpty();
  }

  @Test
  void aFailureWithoutWordsNamesTheExitStatusAndPartialOutputIsNotUsed() throws IOException {
    QueueSnapshot s = sampleOnce(script("head -n 3 '" + realOutput() + "'\nexit 3"));
    assertThat(s.up()).isFalse();
    assertThat(s.reason()).isEqualTo(dir.resolve("postqueue") + " exited with status 3");
  }

  @Test
  void aMissingCommandIsUnavailableNotAnException() {
    QueueSnapshot s = sampleOnce(List.of(dir.resolve("no-postqueue").toString(), "-j"), Duration.ofSeconds(5));
    assertThat(s.up()).isFalse();
    assertThat(s.reason()).isEqualTo("cannot run " + dir.resolve("no-postqueue") + ": No such file or directory");
  }

  @Test
  void aHungCommandIsKilledByPidWithWhatItStartedAndLeavesNoThreads() throws Exception {
    Path pids = dir.resolve("pids");
    Path s = script("echo $$ > '" + pids + "'\nsleep 600 &\necho $! >> '" + pids + "'\nwait");
    int threadsBefore = samplerThreads();
    long start = System.nanoTime();
    QueueSnapshot snapshot = sampleOnce(List.of(s.toString()), Duration.ofMillis(500));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(snapshot.reason()).isEqualTo(s + " did not finish within 500 ms (killed)");
    assertThat(tookMillis).isLessThan(5_000);
    for (String pid : Files.readAllLines(pids)) {
      long p = Long.parseLong(pid.strip());
      assertThat(awaitGone(p)).as("process %d still running", p).isTrue();
    }
    assertThat(awaitThreads(threadsBefore)).as("mailstat-queue threads left").isTrue();
  }

  @Test
  void garbageLinesAreCountedAndTheRestStillCounts() throws IOException {
    QueueSnapshot s = sampleOnce(script("echo 'not json'\nprintf '\\001\\377{{{\\n'\ncat '" + realOutput() + "'"));
    assertThat(s.up()).isTrue();
    assertThat(s.unparsedLines()).isEqualTo(2);
    assertThat(s.totals(QueueName.HOLD).messages()).isEqualTo(1);
    assertThat(s.describe()).isEqualTo("up, 6 messages, 2 unparsed lines");
  }

  @Test
  void aMillionMessageQueueIsCountedFromTheStream() throws IOException {
    QueueSnapshot s = sampleOnce(script("yes '" + PostqueueOutputTest.DEFERRED + "' | head -n 1000000"));
    assertThat(s.up()).isTrue();
    assertThat(s.totals(QueueName.DEFERRED)).isEqualTo(new QueueTotals(1_000_000, 272_000_000L, NOW - 1796365495L));
  }

  @Test
  void anEndlessFloodIsCutByTheTimeout() throws IOException {
    QueueSnapshot s = sampleOnce(List.of(script("yes '" + PostqueueOutputTest.DEFERRED + "'").toString()),
        Duration.ofSeconds(1));
    assertThat(s.up()).isFalse();
    assertThat(s.reason()).endsWith("did not finish within 1 s (killed)");
  }

  @Test
  void aFloodOnStderrKeepsOnlyTheLastLineCut() throws IOException {
    QueueSnapshot s = sampleOnce(script("yes 'x' | head -c 10000000 >&2\nprintf '%0300d\\n\\n' 0 >&2\nexit 1"));
    assertThat(s.reason()).hasSize(QueueSampler.MAX_REASON).matches("0+");
  }

  @Test
  void startSamplesRightAwayAndThenEveryInterval() throws Exception {
    Path count = dir.resolve("count");
    Path s = script("echo run >> '" + count + "'");
    try (QueueSampler sampler = QueueSampler.start(
        new QueueSettings(List.of(s.toString()), Duration.ofMillis(100), Duration.ofSeconds(5)), clock)) {
      assertThat(Poll.until(Duration.ofSeconds(10), () -> Files.exists(count) && lines(count) >= 3)).isTrue();
      assertThat(sampler.latest().up()).isTrue();
    }
  }

  /** What the sampler of {@code script} logs while {@code runs} drives it. */
  private List<String> logged(Path script, SamplerRuns runs) throws IOException {
    Logger logger = (Logger) LoggerFactory.getLogger(QueueSampler.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try (QueueSampler sampler = new QueueSampler(
        new QueueSettings(List.of(script.toString()), Duration.ofSeconds(60), Duration.ofSeconds(20)), clock)) {
      runs.drive(sampler);
    } finally {
      logger.detachAppender(events);
    }
    return events.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  private interface SamplerRuns {
    void drive(QueueSampler sampler) throws IOException;
  }

  @Test
  void aStateIsLoggedOnceWhenItChangesNotOncePerSample() throws IOException {
    Path down = dir.resolve("down");
    Path s = script("if [ -e '" + down + "' ]; then echo 'postqueue: fatal: Queue report unavailable - mail system is down' >&2;"
        + " exit 69; fi\ncat '" + realOutput() + "'");
    List<String> log = logged(s, sampler -> {
      sampler.sampleOnce();
      sampler.sampleOnce();
      Files.writeString(down, "");
      sampler.sampleOnce();
      sampler.sampleOnce();
      sampler.sampleOnce();
      Files.delete(down);
      sampler.sampleOnce();
      sampler.sampleOnce();
    });
    assertThat(log).containsExactly(
        "INFO queue: sampling '" + s + "' every 60 s",
        "WARN queue: unavailable (postqueue: fatal: Queue report unavailable - mail system is down)",
        "INFO queue: sampling '" + s + "' every 60 s");
  }

  @Test
  void queuesUnavailableFromTheStartAreNewsNotAWarning() throws IOException {
    Path s = script("echo 'postqueue: fatal: open /etc/postfix/main.cf: No such file or directory' >&2; exit 1");
    List<String> log = logged(s, sampler -> {
      sampler.sampleOnce();
      sampler.sampleOnce();
    });
    assertThat(log).containsExactly(
        "INFO queue: unavailable (postqueue: fatal: open /etc/postfix/main.cf: No such file or directory)");
  }

  private static long lines(Path p) {
    try {
      return Files.readAllLines(p).size();
    } catch (IOException e) {
      return 0;
    }
  }

  private static int samplerThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("mailstat-queue") && t.isAlive()).count();
  }

  private static boolean awaitThreads(int atMost) throws InterruptedException {
    return Poll.until(Duration.ofSeconds(10), () -> samplerThreads() <= atMost);
  }

  private static boolean awaitGone(long pid) throws InterruptedException {
    return Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }
}
