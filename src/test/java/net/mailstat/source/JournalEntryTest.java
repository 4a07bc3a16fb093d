package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Journal JSON as journalctl writes it, into the syslog line the parser reads. */
class JournalEntryTest {
  /** Real `journalctl -o json --all --output-fields=...` output of a journal made for the tests. */
  static final Path RECORDED = Path.of("src/test/resources/net/mailstat/source/journal-recorded.json");

  private static List<String> formatAll(List<String> prefixes) throws Exception {
    JournalEntry entry = new JournalEntry();
    JournalLine line = new JournalLine(prefixes);
    List<String> out = new ArrayList<>();
    for (String json : Files.readAllLines(RECORDED, StandardCharsets.UTF_8)) {
      byte[] b = json.getBytes(StandardCharsets.UTF_8);
      assertThat(entry.parse(b, 0, b.length)).as(json).isTrue();
      assertThat(entry.cursor).startsWith("s=");
      if (line.wanted(entry)) {
        line.format(entry);
        out.add(new String(line.buffer(), 0, line.length(), StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  @Test
  void recordedEntriesOfMailProgramsBecomeSyslogLines() throws Exception {
    List<String> lines = formatAll(JournalSettings.MAIL_PROGRAMS);
    assertThat(lines).hasSize(9); // the tenth entry is sshd's
    assertThat(lines.get(0))
        .isEqualTo("2026-11-23T22:00:00.123456+00:00 mx1 postfix/smtpd[2101]: 4F1A2B3C4D: client=mail.example.com[192.0.2.10]");
    assertThat(lines).noneMatch(l -> l.contains("sshd"));
  }

  @Test
  void aMessageThatIsNotUtf8ArrivesAsItsBytes() throws Exception {
    String line = formatAll(List.of("postfix")).get(5);
    assertThat(line).contains("<caf\u00e9@example.org>").contains("helo=<\u00ff>"); // ISO-8859-1 view of the raw bytes
  }

  @Test
  void aMultiLineMessageStaysOneLineAndAMissingHostReadsAsLocalhostWithSyslogPid() throws Exception {
    String line = formatAll(List.of("postfix")).get(6);
    assertThat(line).startsWith("2026-11-23T22:00:01.873456+00:00 localhost postfix/smtpd[2104]: NOQUEUE: reject:")
        .endsWith("helo=<y> second line of a multi-line message");
  }

  @Test
  void escapesAndUnicodeAreDecodedToUtf8() throws Exception {
    String line = new String(formatAll(List.of("amavis")).get(0).getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8);
    assertThat(line).contains("Message-ID: <x\u00e9\"\\y@example.com>").contains(" mx1 amavis[3001]: (03001-01) Passed");
  }

  @Test
  void theIdentifierFilterIsAPrefix() throws Exception {
    assertThat(formatAll(List.of("postfix/smtp"))).hasSize(5); // smtpd x4 and smtp
    assertThat(formatAll(List.of("sshd"))).hasSize(1);
    assertThat(formatAll(List.of())).isEmpty();
  }

  @Test
  void repeatedFieldsKeepTheFirstValueAndNullFieldsAreMissing() {
    JournalEntry e = parse("{\"MESSAGE\":[\"first\",\"second\"],\"_HOSTNAME\":null,\"SYSLOG_IDENTIFIER\":[[112,102],[120]],"
        + "\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"0\",\"_PID\":7,\"X\":true}");
    assertThat(new String(e.message, StandardCharsets.UTF_8)).isEqualTo("first");
    assertThat(e.hostname).isNull();
    assertThat(e.identifier).isEqualTo("pf");
    assertThat(e.pid).isNull();
    JournalLine line = new JournalLine(List.of("pf"));
    line.format(e);
    assertThat(new String(line.buffer(), 0, line.length(), StandardCharsets.UTF_8))
        .isEqualTo("1970-01-01T00:00:00.000000+00:00 localhost pf: first");
  }

  @Test
  void surrogatePairsAndBrokenSurrogates() {
    assertThat(new String(parse("{\"MESSAGE\":\"\\ud83d\\udce7 \\ud83d x\"}").message, StandardCharsets.UTF_8))
        .isEqualTo("\uD83D\uDCE7 \uFFFD x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "{", "{\"MESSAGE\"", "{\"MESSAGE\":\"unterminated", "{\"a\":[1,2",
      "{\"a\":[256]}", "{\"a\":[1x]}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\" \"b\"}", "{\"a\":\"b\" \"c\":1}",
      "[1,2,3]", "{\"a\":nul}"})
  void malformedInputIsRefusedWithoutThrowing(String json) {
    JournalEntry e = new JournalEntry();
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    assertThat(e.parse(b, 0, b.length)).isFalse();
  }

  private static JournalEntry parse(String json) {
    JournalEntry e = new JournalEntry();
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    assertThat(e.parse(b, 0, b.length)).isTrue();
    return e;
  }
}
