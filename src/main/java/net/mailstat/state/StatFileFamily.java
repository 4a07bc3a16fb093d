package net.mailstat.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;

/**
 * The names of the files that travel with a stat file (docs/formats.md): the stat file itself,
 * {@code .lock}, {@code .owners}, {@code .good}, {@code .hosts}, {@code .details} and moved-aside
 * {@code .damaged-EPOCH} copies. Temporary files get random names (see {@link AtomicFiles}).
 */
public record StatFileFamily(Path statFile) {
  /**
   * Where the stat file is kept unless configured: in mailstat's own state directory, which only
   * mailstat's user can write. The classic {@code /var/tmp/mailstat} is published on request
   * ({@code --classic-file}).
   */
  public static final Path DEFAULT_STAT_FILE = Path.of("/var/lib/mailstat/mailstat");

  public Path lock() {
    return sibling(".lock");
  }

  public Path owners() {
    return sibling(".owners");
  }

  public Path good() {
    return sibling(".good");
  }

  public Path hosts() {
    return sibling(".hosts");
  }

  public Path details() {
    return sibling(".details");
  }

  Path damaged(long epochSecond) {
    return sibling(".damaged-" + epochSecond);
  }

  /**
   * The version of the stat file and its side files {@code .hosts} and {@code .details} now: each
   * one's identity, modification time and size (a missing file has its own stamp). Writers replace
   * the files by rename, so a stamp equal to an earlier one means nothing was written since; an
   * opaque value, compared with {@code equals}.
   */
  public Object stamp() {
    return List.of(stampOf(statFile), stampOf(hosts()), stampOf(details()));
  }

  private record FileStamp(Object key, Instant modified, long size) {}

  private static FileStamp stampOf(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new FileStamp(a.fileKey(), a.lastModifiedTime().toInstant(), a.size());
    } catch (IOException e) {
      return new FileStamp(null, null, -1);
    }
  }

  /** Every fixed name of the family. */
  List<Path> names() {
    return List.of(statFile, lock(), owners(), good(), hosts(), details());
  }

  /** Throws {@link UntrustedFileException} for the first name that is not safe to use. */
  void checkTrusted() throws IOException {
    for (Path name : names()) {
      TrustedFiles.check(name);
    }
  }

  private Path sibling(String suffix) {
    return statFile.resolveSibling(statFile.getFileName() + suffix);
  }
}
