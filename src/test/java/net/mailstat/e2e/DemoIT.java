package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import net.mailstat.testing.MailstatJar;
import org.junit.jupiter.api.Test;

/** The README's first quick-start command: the demo runs, rotates its log, and its counts check out. */
class DemoIT {
  @Test
  void theDemoCountsWhatItsTrafficShouldCount() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MailstatJar.Result r = MailstatJar.run(Duration.ofSeconds(60), "demo", "--seconds", "4", "--rate", "100",
        "--snmp=udp:127.0.0.1/" + port);
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("demo: the counters equal what the generated traffic should count")
        .contains("SNMP agent on udp:127.0.0.1/" + port);
  }
}
