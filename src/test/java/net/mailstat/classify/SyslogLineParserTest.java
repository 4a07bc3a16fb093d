package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every timestamp and envelope style the parser reads, and lines it must refuse. */
class SyslogLineParserTest {
  private static final char BOM = '\uFEFF';

  /** Parses with year-less timestamps in 2026, UTC; returns "time|host|program|message" or the kind. */
  static String parse(String line) {
    SyslogLineParser parser = new SyslogLineParser(new Rfc3164Clock(ZoneId.of("UTC"), Run.NOV_2026, 2026));
    ParsedLine out = new ParsedLine();
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    SyslogLineParser.Kind kind = parser.parse(b, 0, b.length, out);
    return switch (kind) {
      case MESSAGE -> Instant.ofEpochSecond(out.epochSecond) + "|" + out.host() + "|" + out.program() + "|" + out.message();
      case REPEAT -> "REPEAT " + parser.repeatCount();
      default -> kind.name();
    };
  }

  @ParameterizedTest
  @CsvSource(delimiter = '~', textBlock = """
      # RFC 3164 (also Postfix's maillog_file), day padded with a space, program with and without pid
      Nov 23 18:56:29 mx postfix/smtpd[4672]: 3A452D963D: client=x[192.0.2.1] ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|3A452D963D: client=x[192.0.2.1]
      Feb  6 00:22:26 ntardis postfix/smtpd[4672]: connect from x ~ 2026-02-06T00:22:26Z|ntardis|postfix/smtpd|connect from x
      Feb 6 00:22:26 ntardis postfix/smtpd[4672]: connect from x ~ 2026-02-06T00:22:26Z|ntardis|postfix/smtpd|connect from x
      Nov 23 18:56:29 mx amavis: (123-01) Passed CLEAN ~ 2026-11-23T18:56:29Z|mx|amavis|(123-01) Passed CLEAN
      nov 23 18:56:29 mx postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      Nov 23 18:56:29.123456 mx postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      # hosts in any form
      Nov 23 18:56:29 192.0.2.7 postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|192.0.2.7|postfix/smtpd|text
      Nov 23 18:56:29 2001:db8::25 postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|2001:db8::25|postfix/smtpd|text
      Nov 23 18:56:29 mail-1.example_org.net postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mail-1.example_org.net|postfix/smtpd|text
      # network forms: <PRI>, FreeBSD's verbose <facility.level>, [LOG_x], host repeated in the text
      <22>Nov 23 18:56:29 mx postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      Nov 23 18:56:29 <mail.info> mx postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      Nov 23 18:56:29 mx [LOG_INFO] postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      Nov 23 18:56:29 mx mx postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      Nov 23 18:56:29 mx sendmail[123]: [ID 801593 mail.info] 5ANHuc0S: lost input channel ~ 2026-11-23T18:56:29Z|mx|sendmail|5ANHuc0S: lost input channel
      # RFC 3339 / ISO 8601: rsyslog's RSYSLOG_FileFormat, journalctl -o short-iso-precise, syslog-ng
      2026-11-23T18:56:29.123456+01:00 mx postfix/smtpd[1]: text ~ 2026-11-23T17:56:29Z|mx|postfix/smtpd|text
      2026-11-23T18:56:29.123456+0100 mx postfix/smtpd[1]: text ~ 2026-11-23T17:56:29Z|mx|postfix/smtpd|text
      2026-11-23T18:56:29-05:00 mx postfix/smtpd[1]: text ~ 2026-11-23T23:56:29Z|mx|postfix/smtpd|text
      2026-11-23T18:56:29Z mx postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      2026-11-23T18:56:29.1Z mx postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|mx|postfix/smtpd|text
      2026-12-31T23:59:59+00:00 mx postfix/smtpd[1]: text ~ 2026-12-31T23:59:59Z|mx|postfix/smtpd|text
      # RFC 5424 as received over the network: NILVALUE and real structured data, MSGID
      <22>1 2026-11-23T18:56:29.123Z mx postfix/smtp 123 - - 3A452D963D: to=<a@b> ~ 2026-11-23T18:56:29Z|mx|postfix/smtp|3A452D963D: to=<a@b>
      <22>1 2026-11-23T18:56:29+01:00 mx.example.org postfix/smtpd 77 ID47 [exampleSDID@32473 iut="3" eventSource="App" x="a\\]b"][meta sequenceId="1"] text ~ 2026-11-23T17:56:29Z|mx.example.org|postfix/smtpd|text
      <22>1 - mx postfix/smtpd - - - text ~ 1970-01-01T00:00:00Z|mx|postfix/smtpd|text
      # metalog (no host) and multilog's TAI64N label (no host)
      Nov 23 18:56:29 [postfix/smtpd] 3A452D963D: client=x ~ 2026-11-23T18:56:29Z|localhost|postfix/smtpd|3A452D963D: client=x
      @400000006b048c670000000a postfix/smtpd[1]: text ~ 2026-11-23T18:56:29Z|localhost|postfix/smtpd|text
      # repeats and marks
      Nov 23 18:56:29 mx last message repeated 3 times ~ REPEAT 3
      Nov 23 18:56:29 mx above message repeats 12 times ~ REPEAT 12
      Nov 23 18:56:29 mx -- MARK -- ~ NOISE
      # not syslog
      Nov 23 ~ INVALID
      Jan: 1 00:00:00 hostname postfix/postscreen[12345]: foo ~ INVALID
      Foo 1 00:00:00 hostname prog: x ~ INVALID
      Nov 31 00:00:00 hostname prog: x ~ INVALID
      Nov 23 25:00:00 hostname prog: x ~ INVALID
      Nov 23 18:56:29 mx postfix/smtpd[12345 ~ INVALID
      Nov 23 18:56:29 mx postfix/smtpd ~ INVALID
      Nov 23 18:56:29 mx postfix/cleanup[13164]:0A84FD94C4: message-id=<x> ~ INVALID
      2026-11-23T18:56:29 mx postfix/smtpd[1]: no zone ~ INVALID
      2026-11-23 18:56:29 1vN8Xa-000ABC-DE <= sender@example.net ~ INVALID
      <22>1 2026-11-23T18:56:29Z mx ~ INVALID
      @40000000zz048c670000000a postfix/smtpd[1]: text ~ INVALID
      just some text ~ INVALID
      """)
  void readsTheEnvelope(String line, String expected) {
    assertThat(parse(line)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void rfc5424MessageAfterAByteOrderMark() {
    assertThat(parse("<22>1 2026-11-23T18:56:29Z mx postfix/smtpd 1 - - " + BOM + "3A452D963D: client=x"))
        .isEqualTo("2026-11-23T18:56:29Z|mx|postfix/smtpd|3A452D963D: client=x");
  }
}
