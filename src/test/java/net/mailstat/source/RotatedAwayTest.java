package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HUP grace: a file rotated away is read on for a while, then its last line delivered and it is closed. */
class RotatedAwayTest {
  @TempDir Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RotatedAway away = new RotatedAway(nanos::get);

  private FollowedFile readToEnd(Path file) throws Exception {
    FollowedFile f = FollowedFile.open(file, listener, 1024, ByteBuffer.allocate(64));
    f.readToEnd();
    return f;
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void linesAppendedDuringTheGraceAreReadAndTheLastOneIsDeliveredWhenItEnds() throws Exception {
    Path old = dir.resolve("mail.log.1");
    append(old, "one\n");
    FollowedFile file = readToEnd(old);
    away.keep(file);
    assertThat(away.drain()).as("nothing new").isFalse();
    append(old, "two\nthree without newline");
    assertThat(away.drain()).isTrue();
    assertThat(listener.lines()).containsExactly("one", "two");
    nanos.addAndGet(RotatedAway.GRACE.toNanos());
    away.drain();
    assertThat(away.keeping()).as("at the grace's end exactly: still kept").isTrue();
    nanos.incrementAndGet();
    away.drain();
    assertThat(away.keeping()).isFalse();
    assertThat(file.channel.isOpen()).isFalse();
    assertThat(listener.lines()).containsExactly("one", "two", "three without newline");
    append(old, "\nlater\n");
    assertThat(away.drain()).isFalse();
    assertThat(listener.lines()).hasSize(3);
  }

  @Test
  void keepingAnotherFileRetiresTheOneKeptBefore() throws Exception {
    Path first = dir.resolve("mail.log.2");
    append(first, "a\nlast of a");
    FollowedFile a = readToEnd(first);
    away.keep(a);
    Path second = dir.resolve("mail.log.1");
    append(second, "b\n");
    away.keep(readToEnd(second));
    assertThat(a.channel.isOpen()).isFalse();
    assertThat(listener.lines()).containsExactly("a", "b", "last of a");
    assertThat(away.keeping()).isTrue();
  }

  @Test
  void itsPositionsAreNotReportedOnceRotatedAway() throws Exception {
    Path old = dir.resolve("mail.log.1");
    append(old, "one\n");
    away.keep(readToEnd(old));
    var before = listener.position;
    append(old, "two\n");
    away.drain();
    assertThat(listener.position).isSameAs(before);
  }

  @Test
  void withNothingKeptThereIsNothingToDrain() throws Exception {
    assertThat(away.drain()).isFalse();
    assertThat(away.keeping()).isFalse();
    away.close();
  }
}
