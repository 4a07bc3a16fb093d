package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueFateTest {
  private static QueueFate.Kind kindOf(String message) {
    byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
    int end = QueueFate.queueIdEnd(b, 0, b.length);
    return end < 0 ? null : QueueFate.kind(b, end + 2, b.length);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "4B452D963E: removed|FINAL",
      "4B452D963E: to=<u@example.org>, relay=local, delay=0.02, dsn=2.0.0, status=sent (delivered to mailbox)|FINAL",
      "4B452D963E: to=<u@example.net>, relay=none, delay=9, dsn=5.4.4, status=bounced (Host not found)|FINAL",
      "4B452D963E: from=<a@example.org>, status=expired, returned to sender|FINAL",
      "4B452D963E: to=<u@example.net>, relay=none, delay=30, dsn=4.4.1, status=deferred (Connection refused)|NONE",
      "4B452D963E: reject: header Subject: x from localhost[127.0.0.1]; from=<a@b>|GONE",
      "4B452D963E: discard: body x from localhost[127.0.0.1]|GONE",
      "4B452D963E: milter-reject: END-OF-MESSAGE from localhost[127.0.0.1]: 5.7.1 no|GONE",
      "4B452D963E: message-id=<m@example.org>|NONE",
      "4B452D963E: removed for good|NONE",
      "4B452D963E: to=<u@example.org>, orig_to=<x status=sent y>, status=sentinel|NONE",
      "3zqVqL6fQqz9tW5: removed|FINAL",
  })
  void aLineTellsTheFateOfItsOwnMessage(String message, QueueFate.Kind kind) {
    assertThat(kindOf(message)).isEqualTo(kind);
  }

  @Test
  void aMessageThatStartsWithNoQueueIdTellsNothing() {
    assertThat(kindOf("NOQUEUE reject: RCPT from x")).isNull();
    assertThat(kindOf("warning: 4B452D963E: removed")).isNull();
    assertThat(kindOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ: removed")).as("longer than a queue id").isNull();
    assertThat(kindOf("4B452D963E:removed")).isNull();
  }

  @Test
  void onlyPostfixProgramsAreAsked() {
    byte[] b = "postfix/qmgr amavis postfix-out/smtp postfix".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(QueueFate.isPostfix(b, 0, 12)).isTrue();
    assertThat(QueueFate.isPostfix(b, 13, 19)).isFalse();
    assertThat(QueueFate.isPostfix(b, 20, 36)).isTrue();
    assertThat(QueueFate.isPostfix(b, 37, 44)).as("no service").isFalse();
  }
}
