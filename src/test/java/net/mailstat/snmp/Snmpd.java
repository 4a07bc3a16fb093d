package net.mailstat.snmp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import net.mailstat.testing.LoopbackPorts;

/** net-snmp's real snmpd on a loopback port, with a configuration given by the test. */
final class Snmpd implements AutoCloseable {
  final int port;
  private final Process process;

  private Snmpd(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** {@code config} is appended after the agentAddress line. */
  static Snmpd start(Path dir, String community, String config) throws IOException, InterruptedException {
    int port = LoopbackPorts.freeUdpPort();
    Path home = Files.createTempDirectory(dir, "snmpd");
    Path conf = home.resolve("snmpd.conf");
    Files.writeString(conf, "agentAddress udp:127.0.0.1:" + port + "\n" + config);
    Process p = new ProcessBuilder("snmpd", "-f", "-Lo", "-C", "-I", "-smux", "-c", conf.toString(),
        "--persistentDir=" + home.resolve("persist"), "-p", home.resolve("pid").toString())
        .redirectErrorStream(true).redirectOutput(home.resolve("log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    Snmpd snmpd = new Snmpd(port, p);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("snmpd exited: " + Files.readString(home.resolve("log")));
      }
      if (Tool.run("snmpget", "-m", "", "-t", "0.3", "-r", "0", "-v", "2c", "-c", community,
          "127.0.0.1:" + port, ".1.3.6.1.2.1.1.3.0").exitCode() == 0) {
        return snmpd;
      }
    }
    snmpd.close();
    throw new IllegalStateException("snmpd did not answer: " + Files.readString(home.resolve("log")));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
