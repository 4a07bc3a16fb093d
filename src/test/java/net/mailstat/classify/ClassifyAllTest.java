package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.mailstat.count.LineCounts;
import net.mailstat.source.LineSplitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ClassifyOnTwoThreads (preparing on a second thread) gives exactly the events and counts of line(). */
class ClassifyAllTest {
  record Result(List<String> events, LineCounts lines) {}

  private static Result classify(byte[] input, Mode mode, boolean twoThreads) throws IOException {
    List<String> events = new ArrayList<>();
    Classifier classifier = new Classifier(RuleSet.builtin(), Run.options(mode, Set.of()),
        (category, epochSecond, host, n) -> events.add(category + " " + epochSecond + " " + host + " " + n));
    InputStream in = new ByteArrayInputStream(input);
    if (twoThreads) {
      ClassifyOnTwoThreads.classifyAll(classifier, sink -> LineSplitter.readAllOnTwoThreads(in, sink, 4096));
    } else {
      new LineSplitter(classifier, 4096).readAll(in);
    }
    classifier.finish();
    return new Result(events, classifier.lineCounts());
  }

  private static byte[] input() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String log : List.of("golden/postfix-amavis.log", "golden/postfix-amavis-rfc3339.log", "rule-cases.txt")) {
      try (InputStream in = ClassifyAllTest.class.getResourceAsStream(log)) {
        out.write(in.readAllBytes());
      }
    }
    Random random = new Random(3);
    for (int i = 0; i < 30_000; i++) {
      byte[] noise = new byte[i % 1000 == 0 ? 6000 : random.nextInt(200)];
      random.nextBytes(noise);
      for (int k = 0; k < noise.length; k++) {
        noise[k] = noise[k] == '\n' ? (byte) ' ' : noise[k];
      }
      out.write(("Nov 24 00:%02d:%02d mx postfix/smtpd[1]: ".formatted(i / 60 % 60, i % 60)).getBytes(StandardCharsets.US_ASCII));
      out.write(noise);
      out.write('\n');
      out.write(("Nov 24 00:%02d:%02d mx last message repeated 2 times\n".formatted(i / 60 % 60, i % 60))
          .getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void sameEventsInTheSameOrder(Mode mode) throws IOException {
    byte[] input = input();

    Result one = classify(input, mode, false);
    Result two = classify(input, mode, true);

    assertThat(one.events()).hasSizeGreaterThan(20);
    assertThat(one.lines().overlong()).isPositive();
    assertThat(two).isEqualTo(one);
  }
}
