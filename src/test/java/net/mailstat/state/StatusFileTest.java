package net.mailstat.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.mailstat.count.CounterSnapshot;
import org.junit.jupiter.api.Test;

/** The status file's text form: what is written is read back, hostile text included; older files still read. */
class StatusFileTest {
  private static StatusFile.Status status(StatusFile.Unmatched unmatched) {
    return new StatusFile.Status("mailstat.all", 4242, 1_790_000_000L, 1_790_000_100L, 2, List.of("sent", "spam"),
        1_790_000_099L, null, List.of(new StatusFile.Source("/var/log/mail.log", "following", 123, 1_790_000_098L,
            1_790_000_097L, null)), List.of(new StatusFile.Listener("snmp", "udp:127.0.0.1/1161")),
        "/var/lib/mailstat/rrd/mailstat.rrd", 0, null,
        List.of(new StatusFile.Sample(1_790_000_040L, CounterSnapshot.of(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))),
        unmatched);
  }

  @Test
  void unmatchedShapesWithSpacesNewlinesAndPercentSignsRoundTrip() {
    StatusFile.Unmatched u = new StatusFile.Unmatched(1000, 900, 37, List.of(
        new StatusFile.UnmatchedShape(30, 0, "postfix/smtpd: connect from HOST[IP]",
            "Nov 23 18:00:00 mx postfix/smtpd[4000]: connect from a.example[192.0.2.1]"),
        new StatusFile.UnmatchedShape(7, 2, "postfix/x: 100% - odd\nline\tand -", "-")));

    StatusFile.Status back = StatusFile.decode(StatusFile.encode(status(u)));

    assertThat(back).isEqualTo(status(u));
  }

  @Test
  void longShapesAndExamplesAreCutSoTheFileStaysSmall() {
    String longText = "x".repeat(70_000);
    StatusFile.Unmatched u = new StatusFile.Unmatched(1, 1, 1,
        List.of(new StatusFile.UnmatchedShape(1, 0, longText, longText)));

    String text = StatusFile.encode(status(u));
    StatusFile.UnmatchedShape back = StatusFile.decode(text).unmatched().shapes().get(0);

    assertThat(text.length()).isLessThan(2000);
    assertThat(back.shape()).hasSize(StatusFile.MAX_SHAPE_CHARS);
    assertThat(back.example()).hasSize(StatusFile.MAX_SHAPE_CHARS);
  }

  @Test
  void aFileWrittenBeforeUnmatchedWasReportedReadsAsNone() {
    String text = StatusFile.encode(status(StatusFile.Unmatched.NONE));
    String older = text.substring(0, text.indexOf("unmatched "));

    assertThat(StatusFile.decode(older).unmatched()).isEqualTo(StatusFile.Unmatched.NONE);
  }
}
