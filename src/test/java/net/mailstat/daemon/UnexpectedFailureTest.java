package net.mailstat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.count.EventSink;
import net.mailstat.source.FollowSettings;
import net.mailstat.source.LogSource;
import net.mailstat.state.Ownership;
import net.mailstat.state.StatFileContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anything unexpected thrown while counting or committing reaches the failure handler. */
class UnexpectedFailureTest {
  private static final String REJECT = "2026-03-02T10:00:00+00:00 mx postfix/smtpd[77]: NOQUEUE: reject: RCPT from"
      + " unknown[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@example.net>"
      + " to=<x@example.org> proto=ESMTP helo=<x>\n";

  private record Failure(String where, Throwable cause) {}

  @TempDir Path dir;
  private final BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();

  private Daemon start(EventSink events, Consumer<StatFileContent> published) throws Exception {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "");
    DaemonSettings settings = new DaemonSettings(List.of(LogSource.Definition.file(log, FollowSettings.defaults())),
        Ownership.ALL, dir.resolve("mailstat"), dir.resolve("state"), RuleSet.builtin(),
        ClassifierOptions.defaults(), Duration.ofMillis(20));
    return Daemon.start(settings, events, published, CatchUpProgress.NONE,
        (where, cause) -> failures.add(new Failure(where, cause)));
  }

  private void appendReject() throws Exception {
    Files.writeString(dir.resolve("mail.log"), REJECT, StandardOpenOption.APPEND);
  }

  @Test
  void anErrorWhileCountingIsReportedInsteadOfEndingTheThreadQuietly() throws Exception {
    try (Daemon daemon = start((category, epochSecond, host, n) -> {
      throw new StackOverflowError("thrown by the test");
    }, content -> { })) {
      appendReject();
      Failure failure = failures.poll(10, TimeUnit.SECONDS);
      assertThat(failure).as("no failure reported").isNotNull();
      assertThat(failure.where()).startsWith("counting ").endsWith("mail.log");
      assertThat(failure.cause()).isInstanceOf(StackOverflowError.class).hasMessage("thrown by the test");
    }
  }

  /** Counts publications; every one after the first (the commit at start) throws {@code error}, or else {@code unchecked}. */
  private static Consumer<StatFileContent> throwingAfterTheFirst(AtomicInteger publications, RuntimeException unchecked,
      Error error) {
    return content -> {
      if (publications.incrementAndGet() > 1) {
        if (error != null) {
          throw error;
        }
        throw unchecked;
      }
    };
  }

  @Test
  void anErrorInAScheduledCommitIsReportedAndLaterCommitsStillRun() throws Exception {
    AtomicInteger publications = new AtomicInteger();
    try (Daemon daemon = start((category, epochSecond, host, n) -> { },
        throwingAfterTheFirst(publications, null, new OutOfMemoryError("thrown by the test")))) {
      appendReject();
      Failure failure = failures.poll(10, TimeUnit.SECONDS);
      assertThat(failure).as("no failure reported").isNotNull();
      assertThat(failure.where()).isEqualTo("committing");
      assertThat(failure.cause()).isInstanceOf(OutOfMemoryError.class);
      int before = publications.get();
      appendReject();
      assertThat(failures.poll(10, TimeUnit.SECONDS)).as("the next commit did not run").isNotNull();
      assertThat(publications.get()).isGreaterThan(before);
    }
  }

  @Test
  void anUnexpectedRuntimeExceptionInACommitIsReportedToo() throws Exception {
    AtomicInteger publications = new AtomicInteger();
    try (Daemon daemon = start((category, epochSecond, host, n) -> { },
        throwingAfterTheFirst(publications, new IllegalStateException("a bug, thrown by the test"), null))) {
      appendReject();
      Failure failure = failures.poll(10, TimeUnit.SECONDS);
      assertThat(failure).as("no failure reported").isNotNull();
      assertThat(failure.cause()).isInstanceOf(IllegalStateException.class);
    }
  }
}
