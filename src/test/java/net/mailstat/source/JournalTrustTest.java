package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which journal entries are believed, by their trusted fields. */
class JournalTrustTest {
  private static JournalEntry entry(String unit, String exe, String comm) {
    JournalEntry e = new JournalEntry();
    e.identifier = "postfix/smtpd";
    e.unit = unit;
    e.exe = exe;
    e.comm = comm;
    return e;
  }

  @Test
  void theDefaultsKnowTheMailDaemonsUnitsAndTheSubmissionPrograms() {
    JournalTrust t = JournalTrust.defaults();

    assertThat(t.trusts(entry("postfix@-.service", null, null))).isTrue();
    assertThat(t.trusts(entry("postfix.service", null, null))).isTrue();
    assertThat(t.trusts(entry("amavis.service", "/usr/bin/perl", "/usr/sbin/amavi"))).isTrue();
    assertThat(t.trusts(entry("clamav-daemon.service", null, null))).isTrue();
    assertThat(t.trusts(entry("cron.service", "/usr/sbin/sendmail", "sendmail"))).isTrue();
    assertThat(t.trusts(entry("session-7.scope", "/usr/bin/logger", "logger"))).isFalse();
    assertThat(t.trusts(entry("user@1000.service", "/home/eve/bin/smtpd", "smtpd"))).as("a process name is not proof")
        .isFalse();
    assertThat(t.trusts(entry("postfix.service.evil", null, null))).isFalse();
    assertThat(t.trusts(entry(null, null, null))).isFalse();
  }

  @Test
  void anyTrustsEveryEntry() {
    assertThat(JournalTrust.parse(List.of("any")).trusts(entry(null, null, null))).isTrue();
    assertThat(JournalTrust.parse(List.of(" ANY ")).trustsAny()).isTrue();
  }

  @Test
  void globsMatchWholeValuesWithStarsAnywhere() {
    assertThat(JournalTrust.Glob.matches("postfix@*.service", "postfix@-.service")).isTrue();
    assertThat(JournalTrust.Glob.matches("postfix@*.service", "postfix@out.service")).isTrue();
    assertThat(JournalTrust.Glob.matches("postfix@*.service", "postfix@.servic")).isFalse();
    assertThat(JournalTrust.Glob.matches("*mail*", "sendmail.service")).isTrue();
    assertThat(JournalTrust.Glob.matches("a*b*c", "abc")).isTrue();
    assertThat(JournalTrust.Glob.matches("a*b*c", "acb")).isFalse();
    assertThat(JournalTrust.Glob.matches("ab*ba", "aba")).as("prefix and suffix must not overlap").isFalse();
    assertThat(JournalTrust.Glob.matches("exact", "exact")).isTrue();
    assertThat(JournalTrust.Glob.matches("exact", "exactly")).isFalse();
  }

  @Test
  void aBadItemIsNamedInTheError() {
    assertThatThrownBy(() -> JournalTrust.parse(List.of("unit:postfix.service", "pid:1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'pid:1' is not unit:GLOB, exe:GLOB, comm:NAME or any");
    assertThatThrownBy(() -> JournalTrust.parse(List.of("unit:"))).hasMessageContaining("'unit:'");
    assertThatThrownBy(() -> JournalTrust.parse(List.of())).hasMessageContaining("any");
    assertThatThrownBy(() -> JournalTrust.parse(List.of("any", "unit:postfix.service")))
        .hasMessage("'any' trusts every entry: give it alone, not with other items");
  }
}
