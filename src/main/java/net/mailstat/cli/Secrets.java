package net.mailstat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.mailstat.config.ConfigFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where pass phrases live and who else can read them. A pass phrase written {@code file:PATH}
 * is the first line of PATH, so it appears in no command line ({@code ps}) and in no config file;
 * a file holding pass phrases that other users can read is worth a warning at every start
 * (not a refusal: an existing set-up keeps working). Nothing here ever prints a pass phrase.
 */
final class Secrets {
  private static final Logger log = LoggerFactory.getLogger(Secrets.class);
  /** A pass phrase file is one short line; anything longer is not one. */
  private static final int MAX_FILE_BYTES = 1024;
  /** A {@code user} value whose every pass phrase is a {@code file:PATH} reference holds no secret. */
  private static final Pattern ONLY_FILE_REFERENCES =
      Pattern.compile("[^:]*:[^:]*:file:[^:]+(?::[^:]*:file:[^:]+)?");
  private static final String SECRET_KEY = "user";

  private Secrets() {}

  /** The pass phrase in {@code file}: its first line, without the line end. */
  static String readPassphrase(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("pass phrase file " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("pass phrase file " + file + ": cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("pass phrase file " + file + ": longer than " + MAX_FILE_BYTES + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    String phrase = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    if (othersCanRead(file)) {
      log.warn("pass phrase file {} is readable by other users; chmod o-r it", file);
    }
    return phrase;
  }

  /** Warns once if {@code config} holds a literal pass phrase and other users can read it. */
  static void checkConfigFile(ConfigFile config) {
    boolean holdsSecrets = config.sections().values().stream()
        .flatMap(section -> section.getOrDefault(SECRET_KEY, List.of()).stream())
        .anyMatch(setting -> !ONLY_FILE_REFERENCES.matcher(setting.value()).matches());
    if (holdsSecrets && othersCanRead(config.path())) {
      log.warn("{} holds SNMPv3 pass phrases and is readable by other users; chmod o-r it"
          + " (or write the pass phrases as file:PATH)", config.path());
    }
  }

  private static boolean othersCanRead(Path file) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
    return permissions.contains(PosixFilePermission.OTHERS_READ);
  }
}
