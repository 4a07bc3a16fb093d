package net.mailstat.snmp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A closed-loop SNMP GET load generator for scripts/bench-snmp: keeps N v2c GETs of one OID
 * outstanding against one agent and reports GETs/s and latency percentiles.
 *
 * <p>Usage: {@code GetLoad PORT COMMUNITY OID OUTSTANDING SECONDS LABEL}. Prints one line:
 * {@code LABEL OUTSTANDING gets_per_s p50_us p99_us lost}.
 */
public final class GetLoad {
  private GetLoad() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    byte[] community = args[1].getBytes(StandardCharsets.US_ASCII);
    int[] oid = Arrays.stream(args[2].replaceFirst("^\\.", "").split("\\.")).mapToInt(Integer::parseInt).toArray();
    int outstanding = Integer.parseInt(args[3]);
    double seconds = Double.parseDouble(args[4]);
    String label = args[5];
    InetAddress to = InetAddress.getLoopbackAddress();
    try (DatagramSocket socket = new DatagramSocket(0, to)) {
      socket.setReceiveBufferSize(1 << 20);
      socket.setSoTimeout(500);
      run(socket, to, port, community, oid, outstanding, 1.0, null);
      Result r = new Result(1 << 22);
      run(socket, to, port, community, oid, outstanding, seconds, r);
      System.out.println(r.report(label, outstanding));
    }
  }

  private static void run(DatagramSocket socket, InetAddress to, int port, byte[] community, int[] oid,
      int outstanding, double seconds, Result result) throws IOException {
    Map<Integer, Long> sentAt = new HashMap<>();
    int nextId = 0x01000000;
    byte[] buf = new byte[4096];
    DatagramPacket in = new DatagramPacket(buf, buf.length);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int i = 0; i < outstanding; i++) {
      send(socket, to, port, community, oid, nextId, sentAt);
      nextId++;
    }
    while (System.nanoTime() < end) {
      try {
        socket.receive(in);
      } catch (SocketTimeoutException e) {
        if (result != null) {
          result.lost += sentAt.size();
        }
        sentAt.clear();
        for (int i = 0; i < outstanding; i++) {
          send(socket, to, port, community, oid, nextId++, sentAt);
        }
        continue;
      }
      long now = System.nanoTime();
      Long started = sentAt.remove(requestId(buf, in.getLength()));
      if (started == null) {
        continue;
      }
      if (result != null) {
        result.add(now - started);
      }
      send(socket, to, port, community, oid, nextId++, sentAt);
    }
    if (result != null) {
      result.elapsedNanos = (long) (seconds * 1e9);
    }
    drain(socket, buf);
  }

  private static void drain(DatagramSocket socket, byte[] buf) throws IOException {
    socket.setSoTimeout(200);
    try {
      while (true) {
        socket.receive(new DatagramPacket(buf, buf.length));
      }
    } catch (SocketTimeoutException e) {
      socket.setSoTimeout(500);
    }
  }

  private static void send(DatagramSocket socket, InetAddress to, int port, byte[] community, int[] oid, int id,
      Map<Integer, Long> sentAt) throws IOException {
    byte[] packet = getRequest(community, oid, id);
    sentAt.put(id, System.nanoTime());
    socket.send(new DatagramPacket(packet, packet.length, to, port));
  }

  /** A v2c GetRequest; ids from 0x01000000 always encode in 4 bytes. */
  static byte[] getRequest(byte[] community, int[] oid, int id) {
    byte[] oidBytes = encodeOid(oid);
    byte[] vb = tlv(0x30, concat(tlv(0x06, oidBytes), new byte[] {0x05, 0x00}));
    byte[] pdu = tlv(0xa0, concat(tlv(0x02, new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8),
        (byte) id}), new byte[] {0x02, 0x01, 0x00, 0x02, 0x01, 0x00}, tlv(0x30, vb)));
    return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x01}, tlv(0x04, community), pdu));
  }

  private static byte[] encodeOid(int[] oid) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(oid[0] * 40 + oid[1]);
    for (int i = 2; i < oid.length; i++) {
      int v = oid[i];
      int shift = 28;
      while (shift > 0 && (v >>> shift) == 0) {
        shift -= 7;
      }
      for (; shift > 0; shift -= 7) {
        out.write(0x80 | ((v >>> shift) & 0x7f));
      }
      out.write(v & 0x7f);
    }
    return out.toByteArray();
  }

  private static byte[] tlv(int tag, byte[] value) {
    byte[] len = value.length < 128 ? new byte[] {(byte) value.length}
        : value.length < 256 ? new byte[] {(byte) 0x81, (byte) value.length}
        : new byte[] {(byte) 0x82, (byte) (value.length >>> 8), (byte) value.length};
    return concat(new byte[] {(byte) tag}, len, value);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** The request id of a v2c response: SEQUENCE { version, community, PDU { request-id ... } }. */
  static int requestId(byte[] b, int length) {
    int[] at = {0};
    header(b, at);
    skip(b, at);
    skip(b, at);
    header(b, at);
    int idLength = header(b, at);
    int id = 0;
    for (int i = 0; i < idLength && at[0] < length; i++) {
      id = (id << 8) | (b[at[0]++] & 0xff);
    }
    return id;
  }

  private static int header(byte[] b, int[] at) {
    at[0]++;
    int len = b[at[0]++] & 0xff;
    if (len >= 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[at[0]++] & 0xff);
      }
    }
    return len;
  }

  private static void skip(byte[] b, int[] at) {
    int len = header(b, at);
    at[0] += len;
  }

  private static final class Result {
    final long[] latencies;
    int count;
    long lost;
    long elapsedNanos;

    Result(int capacity) {
      latencies = new long[capacity];
    }

    void add(long nanos) {
      if (count < latencies.length) {
        latencies[count] = nanos;
      }
      count++;
    }

    String report(String label, int outstanding) {
      int n = Math.min(count, latencies.length);
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      double rate = count / (elapsedNanos / 1e9);
      long p50 = n == 0 ? 0 : sorted[(int) (n * 0.50)] / 1000;
      long p99 = n == 0 ? 0 : sorted[Math.min(n - 1, (int) (n * 0.99))] / 1000;
      return String.format(Locale.ROOT, "%s %d %.0f %d %d %d", label, outstanding, rate, p50, p99, lost);
    }
  }
}
