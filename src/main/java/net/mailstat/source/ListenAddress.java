package net.mailstat.source;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a syslog listener receives: {@code udp:127.0.0.1:5514}, {@code tcp:[::1]:5514}, or
 * {@code tcp:5514} (loopback). Only numeric addresses are accepted, so no name lookup decides
 * where mailstat listens.
 */
public record ListenAddress(Transport transport, InetSocketAddress address) {
  public enum Transport {
    UDP,
    TCP
  }

  /** Parses {@code udp|tcp:[HOST:]PORT}; throws IllegalArgumentException with a one-line reason. */
  public static ListenAddress parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("listen address '" + spec + "' must look like udp:127.0.0.1:5514");
    }
    Transport transport;
    switch (spec.substring(0, colon).toLowerCase(Locale.ROOT)) {
      case "udp" -> transport = Transport.UDP;
      case "tcp" -> transport = Transport.TCP;
      default -> throw new IllegalArgumentException(
          "listen address '" + spec + "': transport must be udp or tcp");
    }
    String rest = spec.substring(colon + 1);
    String host = "127.0.0.1";
    String port = rest;
    int lastColon = rest.lastIndexOf(':');
    if (lastColon >= 0) {
      host = rest.substring(0, lastColon);
      port = rest.substring(lastColon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
    }
    int portNumber;
    try {
      portNumber = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      portNumber = -1;
    }
    if (portNumber < 0 || portNumber > 65535) {
      throw new IllegalArgumentException("listen address '" + spec + "': port must be 0 to 65535");
    }
    if (!isNumeric(host)) {
      throw new IllegalArgumentException("listen address '" + spec + "': host must be a numeric IP address");
    }
    try {
      return new ListenAddress(transport, new InetSocketAddress(InetAddress.getByName(host), portNumber));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("listen address '" + spec + "': bad IP address");
    }
  }

  private static boolean isNumeric(String host) {
    if (host.isEmpty()) {
      return false;
    }
    if (host.indexOf(':') >= 0) {
      return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }
    return host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.') && host.split("\\.", -1).length == 4;
  }

  /** The checkpoint id of the source: {@code syslog-udp:127.0.0.1:5514}. */
  public String sourceId() {
    return "syslog-" + this;
  }

  /** The same address with another port (the one actually bound when 0 was asked). */
  ListenAddress withPort(int port) {
    return new ListenAddress(transport, new InetSocketAddress(address.getAddress(), port));
  }

  @Override
  public String toString() {
    String host = address.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return transport.name().toLowerCase(Locale.ROOT) + ":" + host + ":" + address.getPort();
  }
}
