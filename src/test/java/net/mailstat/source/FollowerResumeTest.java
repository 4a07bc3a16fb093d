package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import net.mailstat.line.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming from a saved position after the log was appended to, or rotated, while mailstat was down. */
class FollowerResumeTest {
  @TempDir Path dir;

  private final Path log() {
    return dir.resolve("mail.log");
  }

  private void append(Path file, String... lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Follows until {@code expectedLines} lines arrived, then stops; returns the collector. */
  private RecordingListener follow(SourcePosition resume, int expectedLines) throws Exception {
    RecordingListener c = new RecordingListener();
    FileFollower f = new FileFollower(log(), new FollowSettings(Duration.ofMillis(10), 1024, false), resume,
        resume == null, c);
    Thread t = new Thread(f::run);
    t.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (c.lines.size() < expectedLines && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    // Give the follower a moment to show any extra (wrong) line before stopping it.
    long settle = System.nanoTime() + Duration.ofMillis(200).toNanos();
    while (System.nanoTime() < settle) {
      Thread.onSpinWait();
    }
    f.stop();
    t.join(5000);
    return c;
  }

  @Test
  void linesAppendedWhileStoppedAreReadOnce() throws Exception {
    append(log(), "one", "two");
    RecordingListener first = new RecordingListener();
    FileFollower f = new FileFollower(log(), new FollowSettings(Duration.ofMillis(10), 1024, true), null, true, first);
    Thread t = new Thread(f::run);
    t.start();
    while (first.lines.size() < 2) {
      Thread.onSpinWait();
    }
    f.stop();
    t.join();
    append(log(), "three");
    RecordingListener second = follow(first.position, 1);
    assertThat(second.lines).containsExactly("three");
  }

  @Test
  void aRenameRotationWhileStoppedIsFinishedFromTheRotatedFile() throws Exception {
    append(log(), "one", "two");
    SourcePosition saved = follow(null, 0).position;
    append(log(), "three");
    Files.move(log(), dir.resolve("mail.log.1"));
    append(log(), "four");
    assertThat(follow(saved, 2).lines).containsExactly("three", "four");
  }

  @Test
  void aRotationAndCompressionWhileStoppedIsFinishedFromTheGzip() throws Exception {
    append(log(), "one", "two");
    SourcePosition saved = follow(null, 0).position;
    append(log(), "three");
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("mail.log.2.gz")))) {
      gz.write(Files.readAllBytes(log()));
    }
    Files.delete(log());
    append(dir.resolve("mail.log.1"), "four");
    append(log(), "five");
    assertThat(follow(saved, 3).lines).containsExactly("three", "four", "five");
  }

  @Test
  void aFileReplacedInPlaceIsReadFromItsStart() throws Exception {
    append(log(), "one", "two");
    SourcePosition saved = follow(null, 0).position;
    Files.delete(log());
    append(log(), "brand new first line", "next");
    assertThat(follow(saved, 2).lines)
        .containsExactly("brand new first line", "next");
  }

  @Test
  void anOverlongLineIsSkippedAndTheNextOneRead() throws Exception {
    append(log(), "x".repeat(5000), "after");
    RecordingListener c = new RecordingListener();
    FileFollower f = new FileFollower(log(), new FollowSettings(Duration.ofMillis(10), 1024, true), null, true, c);
    Thread t = new Thread(f::run);
    t.start();
    while (c.lines.size() < 2) {
      Thread.onSpinWait();
    }
    f.stop();
    t.join();
    assertThat(c.lines).containsExactly("<overlong>", "after");
  }
}
