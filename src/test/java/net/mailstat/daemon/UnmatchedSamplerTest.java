package net.mailstat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.RuleSet;
import net.mailstat.classify.UnmatchedShapes;
import net.mailstat.state.StatusFile;
import org.junit.jupiter.api.Test;

/** The running daemon's sample of unmatched mail lines: all lines when quiet, a bounded share in a flood. */
class UnmatchedSamplerTest {
  private static final long T0 = 1_790_000_000_000L;

  private static UnmatchedSampler sampler() {
    return new UnmatchedSampler(new UnmatchedShapes(RuleSet.builtin(), ClassifierOptions.defaults(),
        UnmatchedSampler.SHAPES));
  }

  private static void feed(UnmatchedSampler s, String line, long millis) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    s.line(b, 0, b.length, millis);
  }

  private static String connect(int i) {
    return "2026-11-23T18:00:00+00:00 mx postfix/smtpd[" + (100 + i % 900) + "]: connect from host" + i
        + ".example.net[192.0.2." + (i % 250) + "]";
  }

  private static String rejected(int i) {
    return "2026-11-23T18:00:00+00:00 mx postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1"
        + " <x" + i + "@example.org>: Relay access denied; from=<a@example.net> to=<x" + i
        + "@example.org> proto=ESMTP helo=<x>";
  }

  @Test
  void aQuietSourceHasEveryLineLookedAtAndUnmatchedShapesFolded() {
    UnmatchedSampler s = sampler();
    for (int i = 0; i < 30; i++) {
      feed(s, connect(i), T0 + i * 1000L);
      feed(s, rejected(i), T0 + i * 1000L);
    }
    s.batchEnded();

    UnmatchedSampler.Report r = s.report();

    assertThat(r.lines()).isEqualTo(60);
    assertThat(r.sampled()).isEqualTo(60);
    assertThat(r.unmatched()).as("the rejects match a rule").isEqualTo(30);
    assertThat(r.top()).extracting(UnmatchedShapes.Shape::shape)
        .containsExactly("postfix/smtpd: connect from HOST[IP]");
    assertThat(r.top().get(0).count()).isEqualTo(30);
    assertThat(r.top().get(0).example()).isEqualTo(connect(0));
  }

  @Test
  void aFloodIsSampledAtTheBoundPerSecondAndEveryLineIsStillCountedAsRead() {
    UnmatchedSampler s = sampler();
    int perSecond = UnmatchedSampler.LINES_PER_SECOND * 3;
    for (int second = 0; second < 2; second++) {
      for (int i = 0; i < perSecond; i++) {
        feed(s, connect(i), T0 + second * 1000L + i % 1000 / 10);
      }
    }
    s.batchEnded();

    UnmatchedSampler.Report r = s.report();

    assertThat(r.lines()).isEqualTo(2L * perSecond);
    assertThat(r.sampled()).isEqualTo(2L * UnmatchedSampler.LINES_PER_SECOND);
    assertThat(r.unmatched()).isEqualTo(r.sampled());
  }

  @Test
  void distinctShapesBeyondTheBoundKeepAtMostTheBoundAndReportTheTop() {
    UnmatchedSampler s = sampler();
    for (int i = 0; i < 5000; i++) {
      feed(s, "2026-11-23T18:00:00+00:00 mx postfix/smtpd[77]: shape" + Integer.toString(i, 26).replace('0', 'z')
          .replaceAll("[0-9]", "q") + " word", T0 + i);
    }
    s.batchEnded();

    UnmatchedSampler.Report r = s.report();

    assertThat(r.top()).hasSize(UnmatchedSampler.REPORTED);
    assertThat(r.top()).allSatisfy(shape -> assertThat(shape.count()).isLessThanOrEqualTo(r.sampled()));
  }

  @Test
  void reportsOfSeveralSourcesAreSummedShapeByShape() {
    UnmatchedShapes.Shape a = new UnmatchedShapes.Shape("postfix/smtpd: connect from HOST[IP]", 5, 0, "e1");
    UnmatchedShapes.Shape b = new UnmatchedShapes.Shape("postfix/smtpd: lost connection after AUTH", 7, 1, "e2");
    UnmatchedShapes.Shape a2 = new UnmatchedShapes.Shape("postfix/smtpd: connect from HOST[IP]", 4, 0, "e3");

    StatusFile.Unmatched m = UnmatchedSampler.merged(List.of(new UnmatchedSampler.Report(100, 90, 12, List.of(a, b)),
        new UnmatchedSampler.Report(50, 50, 4, List.of(a2))));

    assertThat(m.lines()).isEqualTo(150);
    assertThat(m.sampled()).isEqualTo(140);
    assertThat(m.unmatched()).isEqualTo(16);
    assertThat(m.shapes()).containsExactly(
        new StatusFile.UnmatchedShape(9, 0, "postfix/smtpd: connect from HOST[IP]", "e1"),
        new StatusFile.UnmatchedShape(7, 1, "postfix/smtpd: lost connection after AUTH", "e2"));
  }
}
