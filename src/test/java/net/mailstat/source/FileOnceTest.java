package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import net.mailstat.line.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log read once (mailgraph -c): it ends at the file's end on any file, and resumes exactly. */
class FileOnceTest {
  private static final Duration LIMIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private Path log() {
    return dir.resolve("mail.log");
  }

  private RecordingListener read(SourcePosition resume) {
    RecordingListener c = new RecordingListener();
    assertTimeoutPreemptively(LIMIT, () -> new FileOnce(log(), resume, 1024, c).run());
    return c;
  }

  @Test
  void aLastLineWithoutNewlineIsReadAndTheReadEnds() throws IOException {
    Files.writeString(log(), "one\ntwo\nthree without newline");
    RecordingListener c = read(null);
    assertThat(c.lines).containsExactly("one", "two", "three without newline");
    assertThat(c.position.offset()).isEqualTo(Files.size(log()));
  }

  @Test
  void anEmptyFileEndsAtOnce() throws IOException {
    Files.writeString(log(), "");
    RecordingListener c = read(null);
    assertThat(c.lines).isEmpty();
    assertThat(c.position.offset()).isZero();
  }

  @Test
  void aSecondReadContinuesWhereTheFirstEnded() throws IOException {
    Files.writeString(log(), "one\ntwo\n");
    SourcePosition first = read(null).position;
    Files.writeString(log(), "three\n", StandardOpenOption.APPEND);
    RecordingListener c = read(first);
    assertThat(c.lines).containsExactly("three");
    assertThat(read(c.position).lines).isEmpty();
  }

  @Test
  void aPositionInARotatedGenerationReadsItsRestThenTheNewFile() throws IOException {
    Files.writeString(log(), "old one\nold two\n");
    SourcePosition afterOne = read(null).position;
    afterOne = SourcePosition.ofFile(afterOne.fileKey(), "old one\n".length(), afterOne.fingerprint());
    Files.move(log(), dir.resolve("mail.log.1"));
    Files.writeString(log(), "new one\nnew two\n");
    RecordingListener c = read(afterOne);
    assertThat(c.lines).containsExactly("old two", "new one", "new two");
    assertThat(c.position.offset()).isEqualTo(Files.size(log()));
  }

  @Test
  void aPositionFoundNowhereReadsTheFileFromItsStart() throws IOException {
    Files.writeString(log(), "a\nb\n");
    RecordingListener c = read(SourcePosition.ofFile("(dev=1,ino=2)", 2, "9:abc"));
    assertThat(c.lines).containsExactly("a", "b");
  }

  @Test
  void aMissingFileIsATroubleNotAHang() {
    RecordingListener c = read(null);
    assertThat(c.lines).isEmpty();
    assertThat(c.troubles).containsExactly("cannot read " + log() + ": no such file");
  }

  @Test
  void aPositionDeepInALargeRotatedGenerationReadsExactlyItsRest() throws IOException {
    StringBuilder old = new StringBuilder();
    for (int i = 0; old.length() < 300_000; i++) {
      old.append("old line ").append(i).append('\n');
    }
    Files.writeString(log(), old);
    SourcePosition start = read(null).position;
    long offset = old.indexOf("old line 10000\n");
    Files.move(log(), dir.resolve("mail.log.1"));
    Files.writeString(log(), "new one\n");
    RecordingListener c = read(SourcePosition.ofFile(start.fileKey(), offset, start.fingerprint()));
    assertThat(c.lines).hasSize(old.toString().split("\n").length - 10000 + 1);
    assertThat(c.lines.get(0)).isEqualTo("old line 10000");
    assertThat(c.lines.get(c.lines.size() - 2)).isEqualTo("old line " + (old.toString().split("\n").length - 1));
    assertThat(c.lines.get(c.lines.size() - 1)).isEqualTo("new one");
  }
}
