package net.mailstat.snmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
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
}
