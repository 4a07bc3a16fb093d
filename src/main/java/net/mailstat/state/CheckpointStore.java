package net.mailstat.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an instance's checkpoint in {@code STATE_DIR/INSTANCE.checkpoint}, with the previous
 * generation in {@code .prev}. Saving moves the current file to {@code .prev} and then writes the
 * new one atomically, so after a crash at any moment one of the two is complete. A damaged file is
 * moved aside (never deleted) and the previous generation is used.
 */
public final class CheckpointStore {
  private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

  /** Far above any real checkpoint (a few hundred bytes per host and source). */
  static final int MAX_BYTES = 256 * 1024 * 1024;

  private final Path current;
  private final Path previous;

  public CheckpointStore(Path stateDir, String instance) {
    this.current = stateDir.resolve(instance + ".checkpoint");
    this.previous = stateDir.resolve(instance + ".checkpoint.prev");
  }

  public Path path() {
    return current;
  }

  /** The newest good checkpoint, or empty if there is none (first start). */
  public java.util.Optional<Checkpoint> load() throws IOException {
    Checkpoint cp = tryLoad(current);
    if (cp != null) {
      return java.util.Optional.of(cp);
    }
    Checkpoint prev = tryLoad(previous);
    if (prev != null && Files.exists(current)) {
      log.warn("resumed from the previous checkpoint generation {} (written at epoch {}); lines of"
          + " the last commit interval may be counted again", previous, prev.writtenEpochSecond());
    }
    return java.util.Optional.ofNullable(prev);
  }

  private Checkpoint tryLoad(Path file) throws IOException {
    String text;
    try {
      java.util.Optional<byte[]> bytes = TrustedFiles.read(file, MAX_BYTES);
      if (bytes.isEmpty()) {
        return null;
      }
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.get())).toString();
    } catch (CharacterCodingException e) {
      moveAside(file, "not text");
      return null;
    }
    try {
      return CheckpointCodec.decode(text);
    } catch (IllegalArgumentException e) {
      moveAside(file, e.getMessage());
      return null;
    }
  }

  private static void moveAside(Path file, String why) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis() / 1000);
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    log.error("checkpoint {} is damaged ({}); kept it as {} and did not use it", file, why, aside);
  }

  public void save(Checkpoint checkpoint) throws IOException {
    if (Files.exists(current, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      TrustedFiles.check(current);
      TrustedFiles.check(previous);
      Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    AtomicFiles.replace(current, CheckpointCodec.encode(checkpoint));
  }
}
