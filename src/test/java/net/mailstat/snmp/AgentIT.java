package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mailstat.testing.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code mailstat agent} process queried with net-snmp's own tools. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentIT {
  private static final String ROOT = ".1.3.6.1.4.1.8072.9999.9999.7025";
  private static final String EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1";
  private static final String BAD_COMMUNITY_NAMES = ".1.3.6.1.2.1.11.4.0";
  private static final String[] CATEGORIES =
      {"sent", "received", "bounced", "rejected", "virus", "spam", "delivered", "greylisted", "delayed"};

  Path dir;
  Path stat;
  AgentProcess agent;

  @BeforeAll
  void start(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    stat = dir.resolve("mailstat");
    writeAtomically(stat, "sent:101 received:202 bounced:3 rejected:44 virus:5 spam:66 delivered:707 greylisted:8 delayed:9"
        + " lines:123456 unparsed:17\n");
    Files.writeString(dir.resolve("mailstat.hosts"),
        "mx1.example.org sent:100 received:200 bounced:3 rejected:40 virus:5 spam:60 delivered:700 greylisted:8 delayed:9\n"
            + "mx2.example.org sent:1 received:2 rejected:4 spam:6 delivered:7\n");
    agent = AgentProcess.start(dir, "public", "--stat-file", stat.toString(),
        "--community", "public@127.0.0.1", "--community", "faraway@192.0.2.0/24");
  }

  @AfterAll
  void stop() throws InterruptedException {
    agent.close();
  }

  private Tool v2(String program, String... args) throws IOException, InterruptedException {
    return Tool.snmp(program, "2c", "public", agent.port, args);
  }

  @Test
  void extOutputIsTheStatFileLineAndCountersAreItsValues() throws Exception {
    String line = Files.readString(stat).strip();
    assertThat(v2("snmpget", EXT_OUTPUT).out()).isEqualTo(EXT_OUTPUT + " = STRING: \"" + line + "\"\n");
    List<String> oids = new ArrayList<>();
    for (int i = 1; i <= CATEGORIES.length; i++) {
      oids.add(ROOT + ".1.1." + i + ".0");
    }
    Tool get = v2("snmpget", oids.toArray(String[]::new));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < CATEGORIES.length; i++) {
      String value = line.replaceAll(".*\\b" + CATEGORIES[i] + ":(\\d+).*", "$1");
      expected.add(oids.get(i) + " = Counter64: " + value);
    }
    assertThat(get.lines()).isEqualTo(expected);
    assertThat(v2("snmpget", ROOT + ".1.3.1.0", ROOT + ".1.3.2.0", ROOT + ".1.3.3.0").lines()).containsExactly(
        ROOT + ".1.3.1.0 = Counter64: 123456", ROOT + ".1.3.2.0 = Counter64: 17", ROOT + ".1.3.3.0 = INTEGER: 1");
  }

  @Test
  void getNextAndBulkWalkReturnTheSameOrderedTree() throws Exception {
    assertThat(v2("snmpgetnext", ROOT).out()).isEqualTo(ROOT + ".1.1.1.0 = Counter64: 101\n");
    assertThat(v2("snmpgetnext", ROOT + ".1.1.9.0").out()).isEqualTo(ROOT + ".1.2.1.2.1 = STRING: \"mx1.example.org\"\n");
    Tool walk = v2("snmpwalk", ROOT);
    Tool bulk = Tool.snmp("snmpbulkwalk", "2c", "public", agent.port, "-Cr7", ROOT);
    assertThat(walk.exitCode()).isZero();
    assertThat(bulk.out()).isEqualTo(walk.out());
    assertThat(walk.lines()).contains(
        ROOT + ".1.2.1.2.2 = STRING: \"mx2.example.org\"",
        ROOT + ".1.2.1.3.1 = Counter64: 100",
        ROOT + ".1.2.1.6.2 = Counter64: 4",
        ROOT + ".1.2.1.11.2 = Counter64: 0",
        ROOT + ".1.3.5.1.2.1 = STRING: \"" + stat + "\"");
  }

  @Test
  void snmpV1WalkSkipsCounter64LikeNetSnmp() throws Exception {
    Tool v1 = Tool.snmp("snmpwalk", "1", "public", agent.port, ROOT);
    assertThat(v1.exitCode()).isZero();
    assertThat(v1.out()).doesNotContain("Counter64").contains(ROOT + ".1.2.1.2.1 = STRING: \"mx1.example.org\"")
        .contains(ROOT + ".1.3.3.0 = INTEGER: 1");
    assertThat(Tool.snmp("snmpget", "1", "public", agent.port, EXT_OUTPUT).out()).startsWith(EXT_OUTPUT + " = STRING: \"sent:");
    Tool counter64 = Tool.snmp("snmpget", "1", "public", agent.port, ROOT + ".1.1.1.0");
    assertThat(counter64.out()).isEmpty();
    assertThat(counter64.err()).contains("noSuchName").contains(ROOT + ".1.1.1.0");
  }

  @Test
  void theEndOfTheViewIsEndOfMibView() throws Exception {
    Tool all = v2("snmpwalk", ".1");
    assertThat(all.exitCode()).isZero();
    List<String> lines = all.lines();
    String last = lines.get(lines.size() - 1);
    String lastOid = last.substring(0, last.indexOf(' '));
    assertThat(lastOid).startsWith(".1.3.6.1.6.3.15.1.1.");
    assertThat(all.out()).contains(ROOT + ".1.1.1.0 = Counter64").contains(".1.3.6.1.4.1.2021.8.1.101.1 = STRING");
    assertThat(v2("snmpgetnext", lastOid).out())
        .isEqualTo(lastOid + " = No more variables left in this MIB View (It is past the end of the MIB tree)\n");
    assertThat(Tool.snmp("snmpgetnext", "1", "public", agent.port, lastOid).err()).contains("noSuchName");
  }

  @Test
  void setIsRefusedWithNoAccessAndChangesNothing() throws Exception {
    Tool v2set = v2("snmpset", EXT_OUTPUT, "s", "x");
    assertThat(v2set.exitCode()).isNotZero();
    assertThat(v2set.err()).contains("Reason: noAccess");
    Tool v1set = Tool.snmp("snmpset", "1", "public", agent.port, ROOT + ".1.3.3.0", "i", "2");
    assertThat(v1set.err()).contains("noSuchName");
    assertThat(v2("snmpset", ".1.3.6.1.2.1.1.5.0", "s", "renamed").err()).contains("Reason: noAccess");
    assertThat(v2("snmpget", EXT_OUTPUT).out()).contains("sent:");
    assertThat(v2("snmpget", ".1.3.6.1.2.1.1.5.0").out()).doesNotContain("renamed");
  }

  @Test
  void wrongCommunityOrSourceGetsNoAnswerAndIsCounted() throws Exception {
    long before = counter(v2("snmpget", BAD_COMMUNITY_NAMES).out());
    Tool wrong = Tool.snmp("snmpget", "2c", "private", agent.port, EXT_OUTPUT);
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.out()).isEmpty();
    assertThat(wrong.err()).contains("Timeout");
    Tool notFromHere = Tool.snmp("snmpget", "2c", "faraway", agent.port, EXT_OUTPUT);
    assertThat(notFromHere.err()).contains("Timeout");
    long after = counter(v2("snmpget", BAD_COMMUNITY_NAMES).out());
    // two requests, each sent twice (-r 1)
    assertThat(after - before).isEqualTo(4);
  }

  @Test
  void aRewrittenStatFileIsServedWithinAPollInterval() throws Exception {
    Path other = dir.resolve("rewrite");
    Files.createDirectories(other);
    Path file = other.resolve("mailstat");
    writeAtomically(file, "sent:1 received:1 bounced:0 rejected:0 virus:0 spam:0\n");
    try (AgentProcess a = AgentProcess.start(other, "public", "--stat-file", file.toString())) {
      writeAtomically(file, "sent:2 received:5 bounced:0 rejected:0 virus:0 spam:0 delivered:3\n");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
      String seen = "";
      while (Instant.now().isBefore(deadline) && !seen.contains("received:5")) {
        seen = Tool.snmp("snmpget", "2c", "public", a.port, EXT_OUTPUT).out();
      }
      assertThat(seen).isEqualTo(EXT_OUTPUT + " = STRING: \"sent:2 received:5 bounced:0 rejected:0 virus:0 spam:0 delivered:3\"\n");
      assertThat(Tool.snmp("snmpget", "2c", "public", a.port, ROOT + ".1.1.2.0").out()).contains("Counter64: 5");
      Files.delete(file);
      deadline = Instant.now().plus(Duration.ofSeconds(5));
      while (Instant.now().isBefore(deadline) && !seen.contains("No such file")) {
        seen = Tool.snmp("snmpget", "2c", "public", a.port, EXT_OUTPUT).out();
      }
      assertThat(seen).contains("/bin/cat: " + file + ": No such file or directory");
      assertThat(Tool.snmp("snmpget", "2c", "public", a.port, ROOT + ".1.3.3.0", ROOT + ".1.1.2.0").lines())
          .containsExactly(ROOT + ".1.3.3.0 = INTEGER: 2", ROOT + ".1.1.2.0 = Counter64: 0");
      assertThat(a.terminate()).isEqualTo(143);
      assertThat(a.stderrText()).doesNotContain("Exception").contains("SNMP agent listening on");
    }
  }

  @Test
  void aPortInUseIsOneClearLineAndExitCode1() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Process p = new ProcessBuilder("java", "-jar", AgentProcess.JAR.toString(), "agent",
          "--stat-file", stat.toString(), "--snmp", "udp:127.0.0.1/" + taken.getLocalPort())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      String err = new String(p.getErrorStream().readAllBytes());
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(err.strip().lines().toList()).hasSize(1);
      assertThat(err).startsWith("mailstat: cannot listen on udp:127.0.0.1/" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void severalListenAddressesIncludingIpv6Loopback() throws Exception {
    int second = LoopbackPorts.freeUdpPort();
    try (AgentProcess a = AgentProcess.start(dir, "public", "--stat-file", stat.toString(),
        "--snmp", "udp:[::1]:" + second)) {
      Tool v4 = Tool.snmp("snmpget", "2c", "public", a.port, EXT_OUTPUT);
      Tool v6 = Tool.run("snmpget", "-m", "", "-On", "-t", "1", "-r", "1", "-v", "2c", "-c", "public",
          "udp6:[::1]:" + second, EXT_OUTPUT);
      assertThat(v4.out()).contains("sent:101");
      assertThat(v6.out()).isEqualTo(v4.out());
    }
  }

  @Test
  void aPrivilegedPortWithoutPrivilegeIsOneClearLine() throws Exception {
    List<String> command = new ArrayList<>();
    Path jar = AgentProcess.JAR.toAbsolutePath();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("runuser", "-u", "nobody", "--"));
      // The checkout may sit in a directory only root can enter (CI's clones do): give nobody a copy.
      Path shared = Files.createTempDirectory("mailstat-nobody");
      jar = Files.copy(jar, shared.resolve("mailstat.jar"));
      Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
    command.addAll(List.of("java", "-jar", jar.toString(), "agent",
        "--stat-file", "/nonexistent/mailstat", "--snmp", "udp:127.0.0.1/161"));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err).isEqualTo("mailstat: cannot listen on udp:127.0.0.1/161: Permission denied"
        + " (ports below 1024 need root or CAP_NET_BIND_SERVICE)\n");
  }

  @Test
  void badOptionsAreOneLineUsageErrors() throws Exception {
    for (String[] args : List.of(new String[] {"--snmp", "tcp:nowhere"}, new String[] {"--community", "x@not-a-net"},
        new String[] {"--user", "u:MD5:secret123"})) {
      List<String> command = new ArrayList<>(List.of("java", "-jar", AgentProcess.JAR.toString(), "agent"));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      String err = new String(p.getErrorStream().readAllBytes());
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.strip().lines().toList()).as(err).singleElement().asString()
          .startsWith("mailstat: " + args[0] + ": ");
      assertThat(err).doesNotContain("secret123");
    }
  }

  private static long counter(String getOutput) {
    return Long.parseLong(getOutput.replaceAll("(?s).*Counter32: (\\d+).*", "$1"));
  }

  static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
