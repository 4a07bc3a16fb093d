package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #11: Dovecot's own "saved mail" lines next to Postfix's hand-off to it are one delivery
 * (docs/counting.md, "Dovecot LMTP and dovecot-lda"). Lines from a real Debian 12 system, Postfix
 * 3.7 and Dovecot 2.3.19 (src/test/resources/mailstack/captures/dovecot-loopback/all.log), in the
 * order it logged them; the pipe line has the shape of rule-cases.txt's.
 */
class DovecotDeliveryTest {
  static final String LMTP_SAVED = "Dec  4 19:18:39 mx-dovecot dovecot: lmtp(user1)<32281><LXXmCw8SE2sZfgAARu2wBQ>:"
      + " msgid=<e2e-1-1796411918558@driver.test>: saved mail to INBOX";
  static final String POSTFIX_LMTP = "Dec  4 19:18:39 mx-dovecot postfix/lmtp[32280]: A3E00214789:"
      + " to=<user1@mx.test>, relay=mx.test[private/dovecot-lmtp], delay=1.1, delays=0.08/0.08/0.42/0.54,"
      + " dsn=2.0.0, status=sent (250 2.0.0 <user1@mx.test> LXXmCw8SE2sZfgAARu2wBQ Saved)";
  static final String LDA_SAVED = "Dec  4 19:18:39 mx-dovecot dovecot: lda(user3)<32292><lzzoHw8SE2skfgAARu2wBQ>:"
      + " msgid=<e2e-2-1796411918712@driver.test>: saved mail to INBOX";
  static final String POSTFIX_LOCAL_LDA = "Dec  4 19:18:39 mx-dovecot postfix/local[32289]: C956F21478D:"
      + " to=<user3@mx.test>, relay=local, delay=0.78, delays=0.09/0.32/0/0.36, dsn=2.0.0,"
      + " status=sent (delivered to command: /usr/lib/dovecot/dovecot-lda)";
  static final String POSTFIX_PIPE = "Dec  4 19:18:39 mx-dovecot postfix/pipe[5005]: 2C84FD94C6:"
      + " to=<user3@mx.test>, relay=dovecot, delay=0.1, delays=0.05/0/0/0.05, dsn=2.0.0,"
      + " status=sent (delivered via dovecot service)";

  @Test
  void lmtpToDovecotIsDeliveredOnce() {
    assertThat(Run.of(Mode.DEFAULT, LMTP_SAVED, POSTFIX_LMTP).counts()).isEqualTo(Run.expected("delivered=1"));
  }

  @Test
  void dovecotLdaFromForwardIsDeliveredOnce() {
    assertThat(Run.of(Mode.DEFAULT, LDA_SAVED, POSTFIX_LOCAL_LDA).counts()).isEqualTo(Run.expected("delivered=1"));
  }

  @Test
  void dovecotLdaAsAPipeServiceIsDeliveredOnce() {
    assertThat(Run.of(Mode.DEFAULT, LDA_SAVED, POSTFIX_PIPE).counts()).isEqualTo(Run.expected("delivered=1"));
  }

  @Test
  void dovecotsOwnLinesCountNothing() {
    assertThat(Run.of(Mode.DEFAULT, LMTP_SAVED, LDA_SAVED).counts()).isEqualTo(Run.expected("nothing"));
  }
}
