package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.mailstat.line.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotated generations of a log, opened as one set, read through their handles, closed together. */
class OpenGenerationsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private Path gzip(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  private static String content(Generation g) throws IOException {
    try (InputStream in = g.contentKeptOpen()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyGenerationIsOpenedOldestFirstCompressedOrNotAndAllAreClosedTogether() throws IOException {
    Path log = write("mail.log", "current\n");
    gzip("mail.log.2.gz", "two\n");
    write("mail.log.1", "one\n");
    List<Generation> seen;
    try (OpenGenerations set = OpenGenerations.open(log)) {
      seen = set.oldestFirst();
      assertThat(seen).extracting(g -> g.path.getFileName().toString()).containsExactly("mail.log.2.gz", "mail.log.1");
      assertThat(content(seen.get(0))).isEqualTo("two\n");
      assertThat(content(seen.get(1))).isEqualTo("one\n");
      assertThat(set.ids()).extracting(FileId::fingerprint)
          .containsExactly(seen.get(0).fingerprint(), seen.get(1).fingerprint()).doesNotContain("");
    }
    assertThat(seen).allSatisfy(g -> assertThat(g.channel.isOpen()).isFalse());
  }

  @Test
  void aGenerationRenamedOrDeletedAfterOpeningIsStillReadThroughItsHandle() throws IOException {
    Path log = write("mail.log", "current\n");
    write("mail.log.1", "one\n");
    try (OpenGenerations set = OpenGenerations.open(log)) {
      Files.move(dir.resolve("mail.log.1"), dir.resolve("mail.log.2"));
      write("mail.log.1", "a different file\n");
      assertThat(content(set.oldestFirst().get(0))).isEqualTo("one\n");
      Files.delete(dir.resolve("mail.log.2"));
      assertThat(content(set.oldestFirst().get(0))).isEqualTo("one\n");
    }
  }

  @Test
  void aLogWithoutRotatedGenerationsIsAnEmptySet() throws IOException {
    try (OpenGenerations set = OpenGenerations.open(write("mail.log", "x\n"))) {
      assertThat(set.oldestFirst()).isEmpty();
      assertThat(set.ids()).isEmpty();
    }
  }

  @Test
  void aSavedPositionIsHeldByTheFileWithItsFirstLineElseByItsKey() {
    FileId file = new FileId("(dev=1,ino=7)", "4:abc");
    assertThat(file.holds(SourcePosition.ofFile("(dev=1,ino=9)", 10, "4:abc"))).as("same first line, inode reused")
        .isTrue();
    assertThat(file.holds(SourcePosition.ofFile("(dev=1,ino=7)", 10, "4:def"))).as("same inode, other first line")
        .isFalse();
    assertThat(file.holds(SourcePosition.ofFile("(dev=1,ino=7)", 0, ""))).as("no first line saved: by key").isTrue();
    assertThat(file.holds(SourcePosition.ofFile("(dev=1,ino=8)", 0, ""))).isFalse();
  }
}
