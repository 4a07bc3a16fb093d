package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import net.mailstat.count.Category;
import net.mailstat.count.DelayHistogram;
import org.junit.jupiter.api.Test;

/** The delivery-delay histogram (family delay): which lines add to it, and what they add. */
class DelayCountingTest {
  private static final String H = "Nov 24 10:00:00 mail ";
  // Lines as Postfix 3.7 logs them (smtp through a relay, local delivery), from the project's captures.
  private static final String SENT = H + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>,"
      + " relay=mx.example.net[203.0.113.5]:25, delay=1.2, delays=0.01/0.05/0.64/0.5, dsn=2.0.0,"
      + " status=sent (250 2.0.0 Ok: queued as ABC)";
  private static final String LOCAL = H + "postfix/local[7]: 5B6C7D8E9F: to=<u@example.org>, relay=local, delay=0.02,"
      + " delays=0/0/0/0.02, dsn=2.0.0, status=sent (delivered to mailbox)";

  private static Map<String, Long> delays(Run run) {
    Map<String, Long> out = new TreeMap<>();
    run.details().forEach((k, n) -> {
      if (k.startsWith("delay ")) {
        out.put(k.substring("delay ".length()), n);
      }
    });
    return out;
  }

  @Test
  void aSentDeliveryAddsOneToABucketOfEveryStageAndItsDelayToTheSums() {
    Run run = Run.of(Mode.DEFAULT, SENT);
    assertThat(run.get(Category.SENT)).isEqualTo(1);
    assertThat(delays(run)).isEqualTo(new TreeMap<>(Map.of(
        "total-bucket-2.5", 1L, "total-sum-ms", 1200L,
        "before-qmgr-bucket-0.01", 1L, "before-qmgr-sum-ms", 10L,
        "in-qmgr-bucket-0.05", 1L, "in-qmgr-sum-ms", 50L,
        "connection-bucket-1", 1L, "connection-sum-ms", 640L,
        "transmission-bucket-0.5", 1L, "transmission-sum-ms", 500L)));
  }

  @Test
  void deliveriesAddUpAndLocalDeliveriesCountToo() {
    Run run = Run.of(Mode.DEFAULT, SENT, LOCAL, LOCAL);
    assertThat(run.get(Category.DELIVERED)).isEqualTo(2);
    Map<String, Long> d = delays(run);
    assertThat(d.get("total-bucket-0.05")).isEqualTo(2);
    assertThat(d.get("total-sum-ms")).isEqualTo(1240);
    assertThat(d.get("before-qmgr-bucket-0.01")).isEqualTo(3);
  }

  @Test
  void deferredBouncedAndContentFilterHandOffsAddNoDelay() {
    Run run = Run.of(Mode.DEFAULT,
        H + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1,"
            + " status=deferred (connect to mx.example.net[203.0.113.5]:25: Connection refused)",
        H + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=3,"
            + " delays=0.01/0/1/2, dsn=5.1.1, status=bounced (host said: 550 5.1.1 no such user)",
        H + "postfix/qmgr[5]: 4F1A2B3C4D: from=<a@b>, size=300, nrcpt=1 (queue active)");
    assertThat(run.get(Category.BOUNCED)).isEqualTo(1);
    assertThat(delays(run)).isEmpty();
  }

  @Test
  void aLineWithoutDelaysCountsTheTotalAloneAndGarbageNumbersCountNothing() {
    Run old = Run.of(Mode.DEFAULT, H + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>,"
        + " relay=mx.example.net[203.0.113.5]:25, delay=7200, status=sent (250 Ok)");
    assertThat(delays(old)).as("two hours: above the 3600 s bound")
        .isEqualTo(Map.of("total-bucket-86400", 1L, "total-sum-ms", 7_200_000L));

    Run garbage = Run.of(Mode.DEFAULT,
        H + "postfix/smtp[9]: 4F1A2B3C4D: to=<a@example.net>, relay=mx.example.net[203.0.113.5]:25,"
            + " delay=1234567890.5, delays=x/y/z/w, dsn=2.0.0, status=sent (250 Ok)",
        H + "postfix/smtp[9]: 4F1A2B3C4E: to=<a@example.net>, relay=mx.example.net[203.0.113.5]:25,"
            + " delay=0.5, delays=0.1/0.1, dsn=2.0.0, status=sent (250 Ok)");
    assertThat(garbage.get(Category.SENT)).isEqualTo(2);
    assertThat(delays(garbage)).as("an overlong number is no delay; a short delays= only loses the stages")
        .isEqualTo(Map.of("total-bucket-0.5", 1L, "total-sum-ms", 500L));
  }

  @Test
  void theBucketsAreTheDocumentedOnes() {
    StringBuilder bounds = new StringBuilder();
    for (int b = 0; b < DelayHistogram.BUCKETS; b++) {
      bounds.append(DelayHistogram.boundText(b)).append(' ');
    }
    assertThat(bounds.toString().strip())
        .isEqualTo("0.01 0.05 0.1 0.25 0.5 1 2.5 5 10 30 60 120 300 900 3600 86400 inf");
    assertThat(DelayHistogram.bucketOf(10)).isZero();
    assertThat(DelayHistogram.bucketOf(11)).isEqualTo(1);
    assertThat(DelayHistogram.bucketOf(0)).isZero();
    assertThat(DelayHistogram.bucketOf(86_400_001)).isEqualTo(DelayHistogram.BUCKETS - 1);
  }

  @Test
  void aSiteRuleCannotCountTheDelayFamily() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Outcome.parse("delay:total-bucket-1"))
        .hasMessageContaining("counted from the delay= fields");
  }
}
