package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import net.mailstat.testing.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No pass phrase in an error, a log line or the process list; pass phrases others can read are warned about. */
class SecretsIT {
  private static final String EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1";
  private static final String AUTH = "s3cret-auth-Phrase";
  private static final String PRIV = "s3cret-priv-Phrase";

  @TempDir Path dir;

  @Test
  void aMisorderedUserIsRefusedWithoutItsPassPhrases() throws Exception {
    for (String spec : List.of("cacti:" + AUTH + ":SHA-256", AUTH + ":SHA-256:cacti", "cacti:SHA-256:" + AUTH + ":" + PRIV + ":AES",
        "cacti:AES-128:" + AUTH + ":SHA-256:" + PRIV, "cacti:SHA-256:" + AUTH + ":AES-128")) {
      Tool agent = Tool.run("java", "-jar", AgentProcess.JAR.toString(), "agent", "--snmp=udp:127.0.0.1/" + LoopbackPorts.freeUdpPort(),
          "--stat-file", dir.resolve("mailstat").toString(), "--user", spec);
      assertThat(agent.exitCode()).as(spec).isEqualTo(2);
      assertThat(agent.err()).as(spec).startsWith("mailstat: --user: ").doesNotContain(AUTH).doesNotContain(PRIV)
          .doesNotContain("Exception");
      assertThat(agent.err().strip().lines()).as(spec).hasSize(1);
    }
  }

  @Test
  void passPhrasesFromFilesAppearInNoProcessListAndNoLog() throws Exception {
    Path authFile = secretFile("cacti.auth", AUTH + "\n", "rw-------");
    Path privFile = secretFile("cacti.priv", PRIV + "\r\n", "rw-------");
    try (AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", statFile().toString(), "--community", "public",
        "--user", "cacti:SHA-256:file:" + authFile + ":AES-128:file:" + privFile)) {
      Tool get = v3(agent, "authPriv", AUTH, PRIV);
      assertThat(get.out()).contains("sent:5");
      assertThat(v3(agent, "authPriv", "wrong-auth-1", PRIV).out()).isEmpty();
      String ps = Tool.run("ps", "-o", "args=", "-p", Long.toString(agent.process.pid())).out();
      assertThat(ps).contains("file:" + authFile).doesNotContain(AUTH).doesNotContain(PRIV);
      assertThat(agent.stderrText()).doesNotContain(AUTH).doesNotContain(PRIV).doesNotContain("readable by other users");
    }
  }

  @Test
  void passPhrasesOthersCanReadAreWarnedAboutAtStart() throws Exception {
    Path authFile = secretFile("open.auth", AUTH + "\n", "rw-r--r--");
    Path config = secretFile("mailstat.conf", """
        [agent]
        community = public
        user = cacti:SHA-256:%s:AES-128:%s
        user = other:SHA-256:file:%s
        """.formatted(AUTH, PRIV, authFile), "rw-r--r--");
    try (AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", statFile().toString(), "--config", config.toString())) {
      assertThat(v3(agent, "authPriv", AUTH, PRIV).out()).contains("sent:5");
      String log = agent.stderrText();
      assertThat(log).contains(config + " holds SNMPv3 pass phrases and is readable by other users")
          .contains("pass phrase file " + authFile + " is readable by other users")
          .doesNotContain(AUTH).doesNotContain(PRIV);
    }
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
    Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-------"));
    try (AgentProcess agent = AgentProcess.start(dir, "public", "--stat-file", statFile().toString(), "--config", config.toString())) {
      assertThat(agent.stderrText()).doesNotContain("readable by other users");
    }
  }

  private Path statFile() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:5 received:6 bounced:0 rejected:1 virus:0 spam:2\n");
    return stat;
  }

  private Path secretFile(String name, String content, String permissions) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private static Tool v3(AgentProcess agent, String level, String auth, String priv) throws Exception {
    return Tool.run("snmpget", "-m", "", "-On", "-t", "1", "-r", "0", "-v", "3", "-u", "cacti", "-l", level, "-a", "SHA-256",
        "-A", auth, "-x", "AES", "-X", priv, "127.0.0.1:" + agent.port, EXT_OUTPUT);
  }
}
