package net.mailstat.snmp;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * An SNMPv3 USM user: always authenticated; {@code priv} is null for authNoPriv. Pass phrases
 * must have at least 8 characters (RFC 3414). Error messages name no field of the user at all,
 * not even the name: in a misordered specification any field may be a pass phrase.
 */
public record V3User(String name, AuthProtocol auth, String authPassphrase, PrivProtocol priv, String privPassphrase) {
  static final String SYNTAX = "NAME:AUTH:PASS[:PRIV:PASS], PASS a pass phrase or file:PATH";
  private static final String FILE_PREFIX = "file";

  public V3User {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("v3 user name is empty");
    }
    if (authPassphrase.length() < 8) {
      throw new IllegalArgumentException("v3 user: auth pass phrase needs at least 8 characters");
    }
    if (priv != null && (privPassphrase == null || privPassphrase.length() < 8)) {
      throw new IllegalArgumentException("v3 user: privacy pass phrase needs at least 8 characters");
    }
  }

  /**
   * {@code NAME:SHA-256:AUTHPASS} or {@code NAME:SHA-256:AUTHPASS:AES-128:PRIVPASS}, where a pass
   * phrase written {@code file:PATH} is read from PATH by {@code files} (so that it appears in
   * no command line). A literal pass phrase cannot be {@code file}: it is shorter than 8.
   */
  public static V3User parse(String spec, Function<Path, String> files) {
    String[] t = spec.split(":", -1);
    if (t.length < 3) {
      throw new IllegalArgumentException("v3 user must be " + SYNTAX + " (e.g. cacti:SHA-256:file:/etc/mailstat/cacti.auth)");
    }
    AuthProtocol auth = AuthProtocol.byName(t[1]);
    if (auth == null) {
      throw new IllegalArgumentException(
          "v3 user: the field after the name must be SHA-256 or SHA-512 (expected " + SYNTAX + ")");
    }
    int i = 2;
    int authEnd = passphraseEnd(t, i);
    String authPass = passphrase(t, i, files);
    i = authEnd;
    if (i == t.length) {
      return new V3User(t[0], auth, authPass, null, null);
    }
    PrivProtocol priv = PrivProtocol.byName(t[i]);
    if (priv == null) {
      throw new IllegalArgumentException(
          "v3 user: the field after the auth pass phrase must be AES-128 or AES-256 (expected " + SYNTAX + ")");
    }
    i++;
    if (i == t.length || passphraseEnd(t, i) != t.length) {
      throw new IllegalArgumentException("v3 user must be " + SYNTAX + " (a PATH cannot contain ':')");
    }
    return new V3User(t[0], auth, authPass, priv, passphrase(t, i, files));
  }

  private static int passphraseEnd(String[] t, int i) {
    if (i >= t.length) {
      throw new IllegalArgumentException("v3 user must be " + SYNTAX);
    }
    return t[i].equals(FILE_PREFIX) && i + 1 < t.length ? i + 2 : i + 1;
  }

  private static String passphrase(String[] t, int i, Function<Path, String> files) {
    if (t[i].equals(FILE_PREFIX) && i + 1 < t.length) {
      if (t[i + 1].isEmpty()) {
        throw new IllegalArgumentException("v3 user: file: needs a PATH");
      }
      return files.apply(Path.of(t[i + 1]));
    }
    return t[i];
  }

  @Override
  public String toString() {
    return name + " (" + auth.label() + (priv == null ? "" : ", " + priv.label()) + ")";
  }

  public enum AuthProtocol {
    SHA256("SHA-256"),
    SHA512("SHA-512");
  
    private final String label;
  
    AuthProtocol(String label) {
      this.label = label;
    }
  
    /** The protocol named {@code s}, or null; never echoes {@code s}, which may be a misplaced secret. */
    static AuthProtocol byName(String s) {
      for (AuthProtocol p : values()) {
        if (p.label.equalsIgnoreCase(s) || p.name().equalsIgnoreCase(s)) {
          return p;
        }
      }
      return null;
    }
  
    public String label() {
      return label;
    }
  }

  public enum PrivProtocol {
    AES128("AES-128"),
    AES256("AES-256");
  
    private final String label;
  
    PrivProtocol(String label) {
      this.label = label;
    }
  
    /** The protocol named {@code s}, or null; never echoes {@code s}. */
    static PrivProtocol byName(String s) {
      String u = s.toUpperCase(Locale.ROOT);
      if (u.equals("AES") || u.equals("AES128") || u.equals("AES-128")) {
        return AES128;
      }
      if (u.equals("AES256") || u.equals("AES-256")) {
        return AES256;
      }
      return null;
    }
  
    public String label() {
      return label;
    }
  }
}
