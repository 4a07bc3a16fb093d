package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import net.mailstat.line.SourcePosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a followed log changes under the follower, made with temp files, renames and
 * truncation (no logrotate): the follower takes one step at a time ({@link SteppedWaker}), so each
 * change happens while it waits, and the HUP grace runs on a test clock.
 */
class FollowerRotationTest {
  @TempDir Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final SteppedWaker waker = new SteppedWaker();
  private final AtomicLong nanos = new AtomicLong();
  private FileFollower follower;
  private Thread thread;
  /** The syslog daemon's handle on the log: appends until it is told to reopen. */
  private OutputStream syslog;

  private Path log() {
    return dir.resolve("mail.log");
  }

  private Path rotated(int n) {
    return dir.resolve("mail.log." + n);
  }

  private void start(boolean backfill) throws Exception {
    follower = new FileFollower(log(), new FollowSettings(Duration.ofMillis(10), 1024, backfill), null, false,
        listener, () -> waker, nanos::get);
    thread = new Thread(follower::run, "follow " + log());
    thread.start();
    waker.untilWaiting();
  }

  @AfterEach
  void stop() throws Exception {
    if (follower != null) {
      follower.stop();
      thread.join(10_000);
      assertThat(thread.isAlive()).as("stopped").isFalse();
    }
    if (syslog != null) {
      syslog.close();
    }
  }

  private void openSyslog() throws IOException {
    syslog = Files.newOutputStream(log(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private void log(String text) throws IOException {
    syslog.write(text.getBytes(StandardCharsets.UTF_8));
    syslog.flush();
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void truncate(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }

  /** logrotate's copytruncate: older generations move up one, the log is copied to .1 and truncated. */
  private void copytruncate() throws IOException {
    for (int n = 9; n >= 1; n--) {
      if (Files.exists(rotated(n))) {
        Files.move(rotated(n), rotated(n + 1));
      }
    }
    Files.copy(log(), rotated(1));
    truncate(log());
  }

  private String fileKey(Path file) throws IOException {
    return String.valueOf(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
  }

  @Test
  void aRenameAndCreateRotationFinishesTheOldFileThenReadsTheNewOneFromItsStart() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    log("two\n");
    Files.move(log(), rotated(1));
    log("three\n"); // after the rename, before the HUP
    write(log(), "four\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "three", "four");
    assertThat(listener.position).isEqualTo(SourcePosition.ofFile(fileKey(log()), 5, listener.position.fingerprint()));
  }

  @Test
  void theRotatedFileIsReadForTheGraceThenItsLastLineIsDeliveredAndItIsLeft() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    Files.move(log(), rotated(1));
    write(log(), "new\n");
    waker.step();
    log("late\n"); // the daemon has not reopened yet
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "new", "late");
    assertThat(listener.position.fileKey()).as("positions stay in the file under the name").isEqualTo(fileKey(log()));
    nanos.addAndGet(RotatedAway.GRACE.toNanos() + 1);
    log("last, without newline");
    waker.step();
    log("\nafter the grace\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "new", "late", "last, without newline");
  }

  @Test
  void aMissingNameKeepsTheOpenFileReadAndTheNameIsFollowedWhenItReappears() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    Files.move(log(), rotated(1));
    log("two\n");
    waker.step();
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two");
    write(log(), "three\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "three");
    assertThat(listener.troubles).isEmpty();
  }

  @Test
  void copytruncateReadsTheLinesWrittenBeforeTheCopyFromTheCopyThenTheFileFromItsStart() throws Exception {
    openSyslog();
    log("one\ntwo\n");
    start(false);
    log("three\n"); // not read yet when logrotate copies
    Files.copy(log(), rotated(1));
    truncate(log());
    log("four\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "three", "four");
    assertThat(listener.position.offset()).isEqualTo(5);
  }

  @Test
  void copytruncateIsSeenEvenWhenTheFileRegrewPastTheOffsetReadBeforeTheFollowerLooked() throws Exception {
    openSyslog();
    log("one\ntwo\n");
    start(false);
    log("three\n");
    Files.copy(log(), rotated(1));
    truncate(log());
    String longer = "a first line written after the truncation, longer than all read before";
    log(longer + "\nnext\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "three", longer, "next");
  }

  @Test
  void twoCopytruncatesWhileTheFollowerWasHeldUpReadTheOldCopysRestThenTheNewCopyInFull() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    log("two\n");
    copytruncate();
    log("three\n");
    copytruncate();
    log("four\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "three", "four");
  }

  @Test
  void aCopytruncateSeenWhileTheFileWasEmptyAndAnotherBeforeItsFirstLineWasReadLoseNothing() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    copytruncate();
    waker.step(); // the truncation is seen while the file is empty: its first line is not known yet
    log("two\n");
    copytruncate();
    log("three\n");
    waker.step();
    assertThat(listener.lines()).containsExactlyInAnyOrder("one", "two", "three");
    log("four\n");
    copytruncate();
    waker.step();
    assertThat(listener.lines()).as("the file's own copy is read from where the follower was, once")
        .containsExactlyInAnyOrder("one", "two", "three", "four");
  }

  @Test
  void threeCopytruncatesWhileTheFollowerWasHeldUpLoseNothing() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    log("two\n");
    for (String next : new String[] {"three\n", "four\n", "five\n"}) {
      copytruncate();
      log(next);
    }
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "three", "four", "five");
  }

  @Test
  void aCopytruncateWhileTheFollowerReadsThePreviousCopyLosesNothing() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    log("two\n");
    copytruncate();
    log("three\n");
    listener.when("two", () -> { // read from the copy: logrotate runs again meanwhile
      copytruncate();
      log("four\n");
    });
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "three", "four");
  }

  @Test
  void aFileReplacedByAShorterOneIsReadFromItsStart() throws Exception {
    write(log(), "a long first line of the old file\nsecond\n");
    start(false);
    Path replacement = dir.resolve("replacement");
    write(replacement, "x\n");
    Files.move(replacement, log(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    waker.step();
    assertThat(listener.lines()).containsExactly("a long first line of the old file", "second", "x");
    assertThat(listener.position).isEqualTo(SourcePosition.ofFile(fileKey(log()), 2, listener.position.fingerprint()));
  }

  @Test
  void aFileRewrittenInPlaceShorterIsReadFromItsStart() throws Exception {
    write(log(), "a long first line of the old file\nsecond\n");
    start(false);
    Files.writeString(log(), "y\n", StandardOpenOption.TRUNCATE_EXISTING);
    waker.step();
    assertThat(listener.lines()).containsExactly("a long first line of the old file", "second", "y");
  }

  @Test
  void aRotatedFileDeletedBeforeItIsDrainedIsStillReadThroughTheOpenHandle() throws Exception {
    openSyslog();
    log("one\n");
    start(false);
    log("two\n");
    Files.move(log(), rotated(1));
    write(log(), "three\n");
    Files.delete(rotated(1)); // compress without delaycompress
    log("four\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "four", "three");
    log("five\n"); // the daemon still writes to the deleted file until its HUP
    waker.step();
    assertThat(listener.lines()).containsExactly("one", "two", "four", "three", "five");
  }

  @Test
  void aGenerationRotatedInBetweenWhileTheFollowerWasHeldUpIsReadInFull() throws Exception {
    write(log(), "b1\n");
    start(false);
    Files.move(log(), rotated(1));
    write(log(), "c1\n");
    Files.move(rotated(1), rotated(2));
    Files.move(log(), rotated(1));
    write(log(), "d1\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("b1", "c1", "d1");
  }

  @Test
  void aGenerationRotatedInBetweenIsReadEvenWhenTheFollowedFileWasCompressedMeanwhile() throws Exception {
    write(log(), "b1\n");
    start(false);
    Files.move(log(), rotated(1));
    write(log(), "c1\n");
    // the next rotation, compress with delaycompress: mail.log.1 becomes mail.log.2.gz, a new inode
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("mail.log.2.gz")))) {
      gz.write(Files.readAllBytes(rotated(1)));
    }
    Files.delete(rotated(1));
    Files.move(log(), rotated(1));
    write(log(), "d1\n");
    waker.step();
    assertThat(listener.lines()).containsExactly("b1", "c1", "d1");
  }

  @Test
  void aRotationWhileCatchingUpReadsEveryLineOnce() throws Exception {
    write(rotated(1), "a1\na2\n");
    openSyslog();
    log("b1\nb2\n");
    listener.when("a1", () -> {
      log("b3\n");
      Files.move(rotated(1), rotated(2));
      Files.move(log(), rotated(1));
      write(log(), "c1\n");
    });
    start(true);
    assertThat(listener.lines()).containsExactly("a1", "a2", "b1", "b2", "b3", "c1");
    assertThat(listener.progress).isNotEmpty();
    assertThat(listener.progress.get(listener.progress.size() - 1)).containsExactly(12, 12); // a1..a2 and b1..b2, the bytes there at the start
  }

  @Test
  void aCopyReadToItsEndDuringBackfillIsNotReadAgainWhenTheTruncationIsSeen() throws Exception {
    write(rotated(1), "x1\nx2\n"); // copied by copytruncate...
    write(log(), "x1\nx2\n"); // ...not truncated yet when the follower starts
    listener.when("x1", () -> {
      truncate(log());
      write(log(), "y1\n");
    });
    start(true);
    assertThat(listener.lines()).containsExactly("x1", "x2", "y1");
  }
}
