package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thousands of broken datagrams must not hurt the agent: a normal GET still answers promptly. */
class MalformedDatagramsIT {
  /** A v2c GET of sysUpTime.0 with community "public", request id 0x01020304. */
  private static final byte[] VALID_GET = {
      0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c',
      (byte) 0xa0, 0x1c, 0x02, 0x04, 0x01, 0x02, 0x03, 0x04, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
      0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00, 0x05, 0x00};

  @Test
  void garbageIsDroppedAndAGetStillAnswers(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:1 received:2 bounced:3 rejected:4 virus:5 spam:6\n");
    try (AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", stat.toString());
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      InetAddress to = InetAddress.getLoopbackAddress();
      assertThat(answer(socket, to, agent.port, VALID_GET)).as("the valid packet is answered").isNotNull();
      long parseErrorsBefore = counter(agent, ".1.3.6.1.2.1.11.6.0");
      long packetsBefore = counter(agent, ".1.3.6.1.2.1.11.1.0");

      List<byte[]> garbage = malformed(new Random(7025));
      for (int i = 0; i < garbage.size(); i++) {
        byte[] g = garbage.get(i);
        socket.send(new DatagramPacket(g, g.length, to, agent.port));
        // The agent reads datagrams in order: an answer to a valid GET means everything before it
        // was taken off the socket, so the kernel's receive buffer never overflows and drops garbage.
        if (i % 50 == 49) {
          assertThat(answer(socket, to, agent.port, VALID_GET)).as("answer after %d datagrams", i + 1).isNotNull();
        }
      }
      long start = System.nanoTime();
      Tool get = Tool.snmp("snmpget", "2c", "public", agent.port, ".1.3.6.1.4.1.2021.8.1.101.1");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(get.out()).contains("sent:1 received:2");
      assertThat(millis).as("GET after %d malformed datagrams", garbage.size()).isLessThan(2000);
      assertThat(agent.process.isAlive()).isTrue();
      // SNMP4J drops some garbage (empty datagrams, non-BER starts) before counting it at all.
      assertThat(counter(agent, ".1.3.6.1.2.1.11.1.0") - packetsBefore).as("snmpInPkts")
          .isGreaterThan(garbage.size() / 2);
      assertThat(counter(agent, ".1.3.6.1.2.1.11.6.0") - parseErrorsBefore).as("snmpInASNParseErrs").isPositive();
      assertThat(agent.stderrText()).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
    }
  }

  private static List<byte[]> malformed(Random random) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[random.nextInt(1400)];
      random.nextBytes(b);
      if (i % 2 == 0 && b.length > 0) {
        b[0] = 0x30;
      }
      out.add(b);
    }
    for (int len = 0; len < VALID_GET.length; len++) {
      out.add(Arrays.copyOf(VALID_GET, len));
    }
    for (int i = 0; i < 1000; i++) {
      byte[] b = VALID_GET.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
      }
      out.add(b);
    }
    for (int version : new int[] {2, 4, 7, 127, -1}) {
      byte[] b = VALID_GET.clone();
      b[4] = (byte) version;
      out.add(b);
    }
    out.add(hex("3084ffffffff020101"));
    out.add(hex("30847fffffff0201010406707562"));
    out.add(hex("3089ffffffffffffffffff"));
    out.add(hex("30290201010406ffffffffffff"));
    out.add(hex("302902810101"));
    out.add(hex("3029020101048fffffff"));
    out.add(hex("3080020101040670756" + "26c6963a0800000"));
    byte[] deep = new byte[1200];
    for (int i = 0; i < deep.length; i += 2) {
      deep[i] = 0x30;
      deep[i + 1] = (byte) 0x80;
    }
    out.add(deep);
    out.add("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out;
  }

  private static byte[] answer(DatagramSocket socket, InetAddress to, int port, byte[] request) throws Exception {
    socket.send(new DatagramPacket(request, request.length, to, port));
    socket.setSoTimeout(3000);
    byte[] buf = new byte[2048];
    DatagramPacket reply = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(reply);
      return Arrays.copyOf(buf, reply.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  private static long counter(AgentProcess agent, String oid) throws Exception {
    String out = Tool.snmp("snmpget", "2c", "public", agent.port, oid).out();
    return Long.parseLong(out.replaceAll("(?s).*Counter32: (\\d+).*", "$1"));
  }

  private static byte[] hex(String s) {
    String even = s.length() % 2 == 0 ? s : s + "0";
    byte[] b = new byte[even.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(even.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
