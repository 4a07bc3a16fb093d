package net.mailstat.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** mailstat's own files: never through a link, never a FIFO, temporary names nobody can prepare. */
class TrustedFilesTest {
  @TempDir Path dir;

  @Test
  void aSymbolicLinkAsTheStatFileIsRefusedAndItsTargetIsNotWritten() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside"), "untouched\n");
    Path statFile = Files.createSymbolicLink(dir.resolve("mailstat"), outside);
    assertThatThrownBy(() -> CounterStore.open(statFile, dir.resolve("state"), Ownership.ALL, Set.of("log")))
        .isInstanceOf(StatFileException.class)
        .hasMessageContaining(statFile + " is a symbolic link (to " + outside + ")");
    assertThat(Files.readString(outside)).isEqualTo("untouched\n");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aFifoAsTheLockFileIsRefusedWithoutHanging() throws Exception {
    Path statFile = dir.resolve("mailstat");
    Path fifo = new StatFileFamily(statFile).lock();
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    assertThatThrownBy(() -> CounterStore.open(statFile, dir.resolve("state"), Ownership.ALL, Set.of("log")))
        .isInstanceOf(StatFileException.class)
        .hasMessageContaining(fifo + " is a FIFO");
  }

  @Test
  void everyNameOfTheFamilyIsChecked() throws Exception {
    Path statFile = dir.resolve("mailstat");
    StatFileFamily family = new StatFileFamily(statFile);
    assertThat(family.names()).containsExactly(statFile, family.lock(), family.owners(), family.good(), family.hosts(),
        family.details());
    for (Path name : family.names()) {
      Path link = Files.createSymbolicLink(name, dir.resolve("nowhere"));
      assertThatThrownBy(family::checkTrusted).isInstanceOf(UntrustedFileException.class)
          .hasMessageStartingWith(name + " is a symbolic link");
      Files.delete(link);
    }
    family.checkTrusted();
  }

  @Test
  void replacingLeavesNoTemporaryFileAndUsesRandomNames() throws Exception {
    Path target = dir.resolve("mailstat");
    AtomicFiles.replace(target, "one\n");
    AtomicFiles.replace(target, "two\n");
    assertThat(Files.readString(target)).isEqualTo("two\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("mailstat");
    }
    Path predictable = dir.resolve(".mailstat.tmp-" + ProcessHandle.current().pid());
    Files.createSymbolicLink(predictable, dir.resolve("outside"));
    AtomicFiles.replace(target, "three\n");
    assertThat(Files.exists(dir.resolve("outside"))).isFalse();
    assertThat(Files.readString(target)).isEqualTo("three\n");
  }

  @Test
  void theGoodCopyIsReplacedAtomicallyNotWrittenInPlace() throws Exception {
    Path statFile = dir.resolve("mailstat");
    Path good = new StatFileFamily(statFile).good();
    try (CounterStore store = CounterStore.open(statFile, dir.resolve("state"), Ownership.ALL, Set.of("log"))) {
      store.commit(List.of(), 1);
      Object before = Files.readAttributes(good, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      store.commit(List.of(), 2);
      Object after = Files.readAttributes(good, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      assertThat(after).as("a new inode, i.e. a rename, not a rewrite").isNotEqualTo(before);
    }
  }

  @Test
  void aClassicFileThatIsASymbolicLinkIsNotWrittenAndCountingGoesOn() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside"), "untouched\n");
    Path classic = Files.createSymbolicLink(dir.resolve("classic"), outside);
    Path statFile = dir.resolve("mailstat");
    try (CounterStore store = CounterStore.open(statFile, dir.resolve("state"), Ownership.ALL, Set.of("log"), classic)) {
      StatFileContent published = store.commit(List.of(), 1);
      assertThat(Files.readString(statFile)).isEqualTo(published.line() + "\n");
    }
    assertThat(Files.readString(outside)).isEqualTo("untouched\n");
    assertThat(Files.isSymbolicLink(classic)).isTrue();
  }

  @Test
  void aClassicFileIsPublishedWithTheStatLine() throws Exception {
    Path classic = dir.resolve("classic");
    try (CounterStore store = CounterStore.open(dir.resolve("mailstat"), dir.resolve("state"), Ownership.ALL,
        Set.of("log"), classic)) {
      StatFileContent published = store.commit(List.of(), 1);
      assertThat(Files.readString(classic)).isEqualTo(published.line() + "\n");
    }
  }
}
