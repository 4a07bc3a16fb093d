package net.mailstat.snmp;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
