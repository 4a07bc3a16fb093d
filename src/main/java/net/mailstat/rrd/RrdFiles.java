package net.mailstat.rrd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a set of databases lives: {@code DIR/NAME.rrd}, {@code DIR/NAME_virus.rrd},
 * {@code DIR/NAME_greylist.rrd} for all hosts together, and the same names under
 * {@code DIR/hosts/HOST/} for one syslog host. Host keys are sanitised, so no syslog host name can
 * address a file outside the directory.
 */
public final class RrdFiles {
  private static final Pattern HOST_KEY = Pattern.compile("[a-z0-9_][a-z0-9._-]{0,99}");
  private static final Pattern BASE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

  private final Path dir;
  private final String baseName;

  /** Throws {@link IllegalArgumentException} unless {@code baseName} is a file name's safe start. */
  public static void checkBaseName(String baseName) {
    if (!BASE_NAME.matcher(baseName).matches()) {
      throw new IllegalArgumentException("bad RRD name '" + baseName + "' (letters, digits, . _ - only)");
    }
  }

  public RrdFiles(Path dir, String baseName) {
    checkBaseName(baseName);
    this.dir = dir;
    this.baseName = baseName;
  }

  public Path dir() {
    return dir;
  }

  public String baseName() {
    return baseName;
  }

  /** The file of {@code db} for all hosts ({@code hostKey} null) or for one host. */
  public Path path(RrdLayout db, String hostKey) {
    Path base = hostKey == null ? dir : dir.resolve("hosts").resolve(requireHostKey(hostKey));
    return base.resolve(db.fileName(baseName));
  }

  /** Host keys that have at least a mail database, sorted. */
  public List<String> hosts() {
    List<String> out = new ArrayList<>();
    Path hostsDir = dir.resolve("hosts");
    if (!Files.isDirectory(hostsDir)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(hostsDir)) {
      for (Path p : entries) {
        String key = p.getFileName().toString();
        if (isHostKey(key) && Files.isRegularFile(p.resolve(Database.MAIL.fileName(baseName)))) {
          out.add(key);
        }
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  /** The directory-safe key of a syslog host name: lower case, odd characters replaced by '_'. */
  public static String hostKey(String syslogHost) {
    String h = syslogHost == null || syslogHost.isEmpty() ? "unknown" : syslogHost.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(Math.min(h.length(), 100));
    for (int i = 0; i < h.length() && sb.length() < 100; i++) {
      char c = h.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (i > 0 && (c == '.' || c == '-'));
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  public static boolean isHostKey(String key) {
    return key != null && HOST_KEY.matcher(key).matches();
  }

  private static String requireHostKey(String key) {
    if (!isHostKey(key)) {
      throw new IllegalArgumentException("bad host key '" + key + "'");
    }
    return key;
  }
}
