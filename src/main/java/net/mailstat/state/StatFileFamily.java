package net.mailstat.state;

import java.io.IOException;
import java.nio.file.Path;
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
