package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
  @Test
  void listenAddressesInSnmp4jAndNetSnmpSpelling() throws Exception {
    assertThat(AgentSettings.ListenAddress.parse("udp:127.0.0.1/1161").toString()).isEqualTo("udp:127.0.0.1/1161");
    assertThat(AgentSettings.ListenAddress.parse("udp:127.0.0.1:161").port()).isEqualTo(161);
    assertThat(AgentSettings.ListenAddress.parse("udp:[::1]:1161").host()).isEqualTo(InetAddress.getByName("::1"));
    assertThat(AgentSettings.ListenAddress.parse("0.0.0.0/1161").host()).isEqualTo(InetAddress.getByName("0.0.0.0"));
    assertThatThrownBy(() -> AgentSettings.ListenAddress.parse("tcp:127.0.0.1/161"))
        .hasMessageContaining("is not udp:HOST/PORT");
    assertThatThrownBy(() -> AgentSettings.ListenAddress.parse("udp:127.0.0.1/70000"))
        .hasMessageContaining("port out of range");
  }

  @Test
  void sourceNetworksMatchLikeCidr() throws Exception {
    SourceNetwork net = SourceNetwork.parse("192.0.2.128/25");
    assertThat(net.contains(InetAddress.getByName("192.0.2.200"))).isTrue();
    assertThat(net.contains(InetAddress.getByName("192.0.2.127"))).isFalse();
    assertThat(net.contains(InetAddress.getByName("::1"))).isFalse();
    SourceNetwork host = SourceNetwork.parse("10.1.2.3");
    assertThat(host.contains(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(host.contains(InetAddress.getByName("10.1.2.4"))).isFalse();
    SourceNetwork any = SourceNetwork.parse("default");
    assertThat(any.contains(InetAddress.getByName("203.0.113.9"))).isTrue();
    SourceNetwork v6 = SourceNetwork.parse("2001:db8::/32");
    assertThat(v6.contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
    assertThat(v6.contains(InetAddress.getByName("2001:db9::1"))).isFalse();
    assertThatThrownBy(() -> SourceNetwork.parse("10.0.0.0/33")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> SourceNetwork.parse("example.org")).hasMessageContaining("not an IP network");
  }

  @Test
  void aCommunityWithoutSourceIsLoopbackOnly() throws Exception {
    AgentSettings.Community c = AgentSettings.Community.parse("public");
    assertThat(c.source()).isEqualTo(SourceNetwork.LOOPBACK);
    assertThat(c.source().contains(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(c.source().contains(InetAddress.getByName("127.3.4.5"))).isTrue();
    assertThat(c.source().contains(InetAddress.getByName("::1"))).isTrue();
    assertThat(c.source().contains(InetAddress.getByName("192.0.2.1"))).isFalse();
    assertThat(c.toString()).isEqualTo("public@loopback");
    assertThat(AgentSettings.Community.parse("we@ird@10.0.0.0/8").name()).isEqualTo("we@ird");
    assertThatThrownBy(() -> AgentSettings.Community.parse("@10.0.0.0/8")).hasMessageContaining("empty name");
  }

  @Test
  void v3UsersNeedAuthenticationAndLongPassPhrases() {
    V3User u = V3User.parse("cacti:SHA-256:authpass1:AES:privpass1", NO_FILES);
    assertThat(u.auth()).isEqualTo(V3User.AuthProtocol.SHA256);
    assertThat(u.priv()).isEqualTo(V3User.PrivProtocol.AES128);
    assertThat(u.toString()).doesNotContain("authpass1").isEqualTo("cacti (SHA-256, AES-128)");
    assertThat(V3User.parse("signer:sha-512:authpass1", NO_FILES).priv()).isNull();
    assertThat(V3User.parse("big:SHA512:authpass1:AES-256:privpass1", NO_FILES).priv())
        .isEqualTo(V3User.PrivProtocol.AES256);
    assertThatThrownBy(() -> V3User.parse("u:MD5:authpass1", NO_FILES)).hasMessageContaining("SHA-256 or SHA-512");
    assertThatThrownBy(() -> V3User.parse("u:SHA-256:short", NO_FILES)).hasMessageContaining("8 characters");
    assertThatThrownBy(() -> V3User.parse("u:SHA-256:authpass1:DES:privpass1", NO_FILES))
        .hasMessageContaining("AES-128 or AES-256");
    assertThatThrownBy(() -> V3User.parse("u", NO_FILES)).hasMessageContaining("NAME:AUTH:PASS");
  }

  @Test
  void aMisorderedUserNamesNoFieldInItsError() {
    for (String spec : List.of("cacti:authpass1:SHA-256", "authpass1:SHA-256:cacti", "cacti:SHA-256:authpass1:privpass1:AES",
        "cacti:SHA-256:authpass1:AES-128", "cacti:SHA-256:authpass1:AES-128:privpass1:extra")) {
      assertThatThrownBy(() -> V3User.parse(spec, NO_FILES)).as(spec)
          .hasMessageNotContaining("authpass1").hasMessageNotContaining("privpass1").hasMessageNotContaining("cacti");
    }
  }

  @Test
  void aPassPhraseWrittenFileColonPathIsReadFromThatFile() {
    Map<Path, String> files = Map.of(Path.of("/etc/a.auth"), "authpass1", Path.of("/etc/a.priv"), "privpass1");
    V3User u = V3User.parse("cacti:SHA-256:file:/etc/a.auth:AES:file:/etc/a.priv", files::get);
    assertThat(u.authPassphrase()).isEqualTo("authpass1");
    assertThat(u.privPassphrase()).isEqualTo("privpass1");
    V3User mixed = V3User.parse("signer:SHA-512:file:/etc/a.auth:AES-256:literal99", files::get);
    assertThat(mixed.authPassphrase()).isEqualTo("authpass1");
    assertThat(mixed.privPassphrase()).isEqualTo("literal99");
    assertThat(V3User.parse("signer:SHA-512:file:/etc/a.priv", files::get).authPassphrase())
        .isEqualTo("privpass1");
    assertThatThrownBy(() -> V3User.parse("u:SHA-256:file:", files::get)).hasMessageContaining("PATH");
  }

  private static final Function<Path, String> NO_FILES = p -> {
    throw new AssertionError("no file expected: " + p);
  };
}
