package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** SNMPv3 USM users (SHA-2 authentication, AES privacy) against net-snmp's tools. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V3IT {
  private static final String EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1";
  private static final String ROOT = ".1.3.6.1.4.1.8072.9999.9999.7025";
  private static final String UNKNOWN_USER_NAMES = ".1.3.6.1.6.3.15.1.1.3.0";
  private static final String WRONG_DIGESTS = ".1.3.6.1.6.3.15.1.1.5.0";
  private static final String LINE = "sent:5 received:6 bounced:0 rejected:1 virus:0 spam:2 delivered:6 greylisted:0 delayed:0";

  AgentProcess agent;
  Path config;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, LINE + "\n");
    config = dir.resolve("mailstat.conf");
    Files.writeString(config, """
        [agent]
        stat-file = %s
        community = public@127.0.0.1
        user = cacti:SHA-256:authpass123:AES-128:privpass123
        user = big:SHA-512:authpass456:AES-256:privpass456
        user = signer:SHA-256:authpass789
        """.formatted(stat));
    agent = AgentProcess.start(dir, "public", "--config", config.toString());
  }

  @AfterAll
  void stop() throws InterruptedException {
    agent.close();
  }

  private Tool v3(String program, String user, String level, String auth, String authPass, String priv, String privPass,
      String... oids) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(program, "-m", "", "-On", "-t", "1", "-r", "0", "-v", "3", "-u", user,
        "-l", level));
    if (auth != null) {
      c.addAll(List.of("-a", auth, "-A", authPass));
    }
    if (priv != null) {
      c.addAll(List.of("-x", priv, "-X", privPass));
    }
    c.add("127.0.0.1:" + agent.port);
    c.addAll(List.of(oids));
    return Tool.run(c);
  }

  @Test
  void sha256WithAes128ReadsTheStatLine() throws Exception {
    Tool get = v3("snmpget", "cacti", "authPriv", "SHA-256", "authpass123", "AES", "privpass123", EXT_OUTPUT);
    assertThat(get.out()).isEqualTo(EXT_OUTPUT + " = STRING: \"" + LINE + "\"\n");
  }

  @Test
  void sha512WithAes256WalksWhatV2cWalks() throws Exception {
    Tool walk = v3("snmpbulkwalk", "big", "authPriv", "SHA-512", "authpass456", "AES256", "privpass456", ROOT);
    assertThat(walk.exitCode()).isZero();
    assertThat(walk.out()).contains(ROOT + ".1.1.2.0 = Counter64: 6")
        .isEqualTo(Tool.snmp("snmpbulkwalk", "2c", "public", agent.port, ROOT).out());
  }

  @Test
  void authNoPrivUserReadsButNotWithoutAuthentication() throws Exception {
    assertThat(v3("snmpget", "signer", "authNoPriv", "SHA-256", "authpass789", null, null, EXT_OUTPUT).out())
        .contains(LINE);
    Tool noAuth = v3("snmpget", "signer", "noAuthNoPriv", null, null, null, null, EXT_OUTPUT);
    assertThat(noAuth.out()).doesNotContain(LINE);
    assertThat(noAuth.err()).contains("authorizationError");
  }

  @Test
  void aUserWithPrivacyIsNotAnsweredWithoutIt() throws Exception {
    Tool authOnly = v3("snmpget", "cacti", "authNoPriv", "SHA-256", "authpass123", null, null, EXT_OUTPUT);
    assertThat(authOnly.exitCode()).isNotZero();
    assertThat(authOnly.out()).doesNotContain(LINE);
    assertThat(authOnly.err()).contains("authorizationError");
    Tool noAuth = v3("snmpget", "cacti", "noAuthNoPriv", null, null, null, null, EXT_OUTPUT);
    assertThat(noAuth.out()).doesNotContain(LINE);
    assertThat(noAuth.err()).contains("authorizationError");
    Tool authPriv = v3("snmpget", "cacti", "authPriv", "SHA-256", "authpass123", "AES", "privpass123", EXT_OUTPUT);
    assertThat(authPriv.exitCode()).isZero();
    assertThat(authPriv.out()).contains(LINE);
    Tool bigAuthOnly = v3("snmpbulkwalk", "big", "authNoPriv", "SHA-512", "authpass456", null, null, ROOT);
    assertThat(bigAuthOnly.out()).doesNotContain("Counter64");
    assertThat(bigAuthOnly.err()).contains("authorizationError");
  }

  @Test
  void wrongPassphrasesAndUnknownUsersGetNoDataAndAreCounted() throws Exception {
    long digests = counter(WRONG_DIGESTS);
    long unknown = counter(UNKNOWN_USER_NAMES);
    Tool wrongAuth = v3("snmpget", "cacti", "authPriv", "SHA-256", "wrongpass1", "AES", "privpass123", EXT_OUTPUT);
    assertThat(wrongAuth.exitCode()).isNotZero();
    assertThat(wrongAuth.out()).isEmpty();
    Tool wrongPriv = v3("snmpget", "cacti", "authPriv", "SHA-256", "authpass123", "AES", "wrongpriv1", EXT_OUTPUT);
    assertThat(wrongPriv.exitCode()).isNotZero();
    assertThat(wrongPriv.out()).isEmpty();
    Tool nobody = v3("snmpget", "nobody", "authPriv", "SHA-256", "authpass123", "AES", "privpass123", EXT_OUTPUT);
    assertThat(nobody.exitCode()).isNotZero();
    assertThat(nobody.out()).isEmpty();
    assertThat(nobody.err()).contains("Timeout");
    assertThat(counter(WRONG_DIGESTS)).isEqualTo(digests + 1);
    assertThat(counter(UNKNOWN_USER_NAMES)).isEqualTo(unknown + 1);
  }

  @Test
  void setIsRefusedOverV3Too() throws Exception {
    Tool set = v3("snmpset", "cacti", "authPriv", "SHA-256", "authpass123", "AES", "privpass123", EXT_OUTPUT, "s", "x");
    assertThat(set.exitCode()).isNotZero();
    assertThat(set.err()).contains("noAccess");
  }

  private long counter(String oid) throws Exception {
    String out = Tool.snmp("snmpget", "2c", "public", agent.port, oid).out();
    return Long.parseLong(out.replaceAll("(?s).*Counter32: (\\d+).*", "$1"));
  }
}
