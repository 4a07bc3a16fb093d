package net.mailstat.snmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the agent listens and whom it answers. Nothing here answers from anywhere by default: a
 * community without a source network is restricted to the loopback network.
 *
 * @param listen UDP addresses to listen on
 * @param communities read-only v1/v2c communities, each with the network it may come from
 * @param users SNMPv3 USM users (authNoPriv or authPriv; read-only like everything else)
 * @param root the MAILSTAT-MIB root OID, dotted ({@code .1.3.6.1.4.1.8072.9999.9999.7025})
 * @param extName the extTable / nsExtendConfigTable row name ({@code exec NAME ...})
 * @param extCommand the command shown as extCommand, e.g. {@code /bin/cat /var/tmp/mailstat}
 * @param extraExecs further extTable / nsExtend rows, each what {@code exec NAME /bin/cat FILE} serves
 */
public record AgentSettings(
    List<ListenAddress> listen,
    List<Community> communities,
    List<V3User> users,
    String root,
    String extName,
    String extCommand,
    List<ExtraExec> extraExecs) {

  public static final String DEFAULT_LISTEN = "udp:127.0.0.1/1161";
  public static final String DEFAULT_ROOT = ".1.3.6.1.4.1.8072.9999.9999.7025";
  public static final String DEFAULT_EXT_NAME = "mailstat";

  public AgentSettings {
    listen = List.copyOf(listen);
    communities = List.copyOf(communities);
    users = List.copyOf(users);
    extraExecs = List.copyOf(extraExecs);
    java.util.Set<String> names = new java.util.HashSet<>(List.of(extName));
    for (ExtraExec e : extraExecs) {
      if (!names.add(e.name())) {
        throw new IllegalArgumentException("exec row name '" + e.name() + "' is used twice");
      }
    }
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("at least one listen address is needed");
    }
    checkRoot(root);
    checkExtName(extName);
  }

  /** A MAILSTAT-MIB root: a dotted OID such as {@code .1.3.6.1.4.1.8072.9999.9999.7025}. */
  public static void checkRoot(String root) {
    if (!root.matches("\\.?[0-9]+(\\.[0-9]+)+")) {
      throw new IllegalArgumentException("root OID '" + root + "' is not a dotted OID");
    }
  }

  /** An extTable row name: 1 to 127 characters, as snmpd's exec lines allow. */
  public static void checkExtName(String extName) {
    if (extName.isEmpty() || extName.length() > 127) {
      throw new IllegalArgumentException("ext name must be 1 to 127 characters");
    }
  }

  /** A further exec row: {@code NAME=FILE} serves FILE as {@code exec NAME /bin/cat FILE} would. */
  public record ExtraExec(String name, java.nio.file.Path file) {
    public static ExtraExec parse(String spec) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1 || eq > 127) {
        throw new IllegalArgumentException("exec row '" + spec + "' is not NAME=FILE");
      }
      return new ExtraExec(spec.substring(0, eq), java.nio.file.Path.of(spec.substring(eq + 1)));
    }
  }

  /** A UDP listen address, {@code udp:HOST/PORT}, {@code udp:HOST:PORT} or {@code udp:[V6]:PORT}. */
  public record ListenAddress(InetAddress host, int port) {
    private static final Pattern SYNTAX =
        Pattern.compile("(?:udp6?:)?(?:\\[([0-9A-Fa-f:.]+)\\]|([^/:\\[\\]]+))[/:]([0-9]{1,5})");

    public static ListenAddress parse(String spec) {
      Matcher m = SYNTAX.matcher(spec.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "listen address '" + spec + "' is not udp:HOST/PORT (e.g. " + DEFAULT_LISTEN + ")");
      }
      int port = Integer.parseInt(m.group(3));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("listen address '" + spec + "': port out of range");
      }
      String host = m.group(1) != null ? m.group(1) : m.group(2);
      try {
        return new ListenAddress(InetAddress.getByName(host), port);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("listen address '" + spec + "': unknown host " + host);
      }
    }

    @Override
    public String toString() {
      return "udp:" + host.getHostAddress() + "/" + port;
    }
  }

  /**
   * An IP network in CIDR form; the source a community may be used from. The empty address stands
   * for every loopback address (127.0.0.0/8 and ::1).
   */
  public record SourceNetwork(byte[] address, int prefixLength) {
    public static final SourceNetwork LOOPBACK = new SourceNetwork(new byte[0], 0);

    /**
     * {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code ::1}, {@code 2001:db8::/32}, {@code loopback}
     * or {@code default} (any IPv4 address, as in snmpd).
     */
    public static SourceNetwork parse(String spec) {
      String s = spec.strip();
      if (s.equals("default")) {
        return new SourceNetwork(new byte[4], 0);
      }
      if (s.equals("loopback")) {
        return LOOPBACK;
      }
      int slash = s.indexOf('/');
      String host = slash < 0 ? s : s.substring(0, slash);
      if (!host.matches("[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException("source '" + spec + "' is not an IP network (like 10.0.0.0/8)");
      }
      byte[] bytes;
      try {
        bytes = InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("source '" + spec + "' is not an IP address");
      }
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("source '" + spec + "': bad prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException("source '" + spec + "': bad prefix length");
        }
      }
      return new SourceNetwork(bytes, prefix);
    }

    public boolean contains(InetAddress candidate) {
      if (address.length == 0) {
        return candidate.isLoopbackAddress();
      }
      byte[] other = candidate.getAddress();
      if (prefixLength == 0) {
        return other.length == address.length;
      }
      if (other.length != address.length) {
        return false;
      }
      int full = prefixLength / 8;
      for (int i = 0; i < full; i++) {
        if (other[i] != address[i]) {
          return false;
        }
      }
      int rest = prefixLength % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (other[full] & mask) == (address[full] & mask);
    }

    @Override
    public String toString() {
      if (address.length == 0) {
        return "loopback";
      }
      try {
        return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SourceNetwork other
          && prefixLength == other.prefixLength
          && java.util.Arrays.equals(address, other.address);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(address) * 31 + prefixLength;
    }
  }

  /** A read-only community and the network it is accepted from ({@code rocommunity NAME SOURCE}). */
  public record Community(String name, SourceNetwork source) {
    /** {@code NAME} (loopback only) or {@code NAME@SOURCE}. */
    public static Community parse(String spec) {
      int at = spec.lastIndexOf('@');
      String name = at < 0 ? spec : spec.substring(0, at);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("community '" + spec + "' has an empty name");
      }
      return new Community(name, at < 0 ? SourceNetwork.LOOPBACK : SourceNetwork.parse(spec.substring(at + 1)));
    }

    @Override
    public String toString() {
      return name + "@" + source;
    }
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
  }
}
