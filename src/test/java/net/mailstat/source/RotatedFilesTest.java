package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatedFilesTest {
  @TempDir Path dir;

  private Path touch(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "x\n");
  }

  @Test
  void numberedAndDatedGenerationsOldestFirst() throws Exception {
    Path log = touch("mail.log");
    Path one = touch("mail.log.1");
    Path two = touch("mail.log.2.gz");
    Path ten = touch("mail.log.10.gz");
    touch("mail.log.bak");
    touch("other.log.1");

    assertThat(RotatedFiles.oldestFirst(log)).containsExactly(ten, two, one);
  }

  @Test
  void aGenerationBeingCompressedIsListedOnceUncompressed() throws Exception {
    Path log = touch("mail.log");
    Path one = touch("mail.log.1");
    touch("mail.log.1.gz");
    Path two = touch("mail.log.2.gz");

    assertThat(RotatedFiles.oldestFirst(log)).containsExactly(two, one);
  }

  @Test
  void soIsADatedOne() throws Exception {
    Path log = touch("maillog");
    Path older = touch("maillog-20261121.gz");
    Path newer = touch("maillog-20261122");
    touch("maillog-20261122.gz");

    assertThat(RotatedFiles.oldestFirst(log)).containsExactly(older, newer);
  }
}
