package net.mailstat.snmp;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mailstat.testing.LoopbackPorts;

/** {@code java -jar target/mailstat.jar agent ...} as a real process, stopped with SIGTERM. */
final class AgentProcess implements AutoCloseable {
  static final Path JAR = Path.of("target/mailstat.jar");

  final int port;
  final Process process;
  final Path stderr;

  private AgentProcess(int port, Process process, Path stderr) {
    this.port = port;
    this.process = process;
    this.stderr = stderr;
  }

  /** Starts the agent on a free loopback port and waits until it answers a v2c GET. */
  static AgentProcess start(Path dir, String community, String... args) throws IOException, InterruptedException {
    int port = LoopbackPorts.freeUdpPort();
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "agent", "--snmp=udp:127.0.0.1/" + port));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "agent", ".err");
    Process p = new ProcessBuilder(command).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    AgentProcess agent = new AgentProcess(port, p, err);
    agent.awaitAnswer(community);
    return agent;
  }

  private void awaitAnswer(String community) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("agent exited " + process.exitValue() + ": " + stderrText());
      }
      Tool t = Tool.run("snmpget", "-m", "", "-On", "-t", "0.3", "-r", "0", "-v", "2c", "-c", community,
          "127.0.0.1:" + port, ".1.3.6.1.2.1.1.3.0");
      if (t.exitCode() == 0) {
        return;
      }
    }
    close();
    throw new IllegalStateException("agent did not answer within 30 s: " + stderrText());
  }

  String stderrText() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Sends SIGTERM and waits; returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      terminate();
    }
  }
}
