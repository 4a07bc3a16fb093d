package net.mailstat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.mailstat.testing.MailstatJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile lines of about 63 KB built to make a backtracking regex of a built-in rule take time
 * quadratic in the line length: many occurrences of the literal a rule looks for and never the
 * text that would complete the match. The real jar's {@code parse} classifies each file; the time
 * per line is printed and must stay under a generous bound (the issue measured about 1.2 s a line).
 */
class CraftedLinesIT {
  private static final int LINES = 200; // enough that JVM start-up noise is a small part of each line
  private static final int SIZE = 63 * 1024;
  private static final double BOUND_MS_PER_LINE = 50;
  private static final String PREFIX = "Dec  3 12:00:00 host postfix/smtpd[1]: ABC123: ";

  @TempDir Path dir;

  private static String fill(String fragment) {
    StringBuilder b = new StringBuilder(SIZE);
    while (b.length() + fragment.length() < SIZE) {
      b.append(fragment);
    }
    return b.toString();
  }

  @Test
  void craftedLinesAreClassifiedInBoundedTime() throws Exception {
    Map<String, String> shapes = new java.util.LinkedHashMap<>();
    shapes.put("greylist", "reject: " + fill(": 450 reylist "));
    shapes.put("rbl", "reject: " + fill(": 554 blocked usin "));
    shapes.put("virbl", "reject: " + fill(": 554 blocked using virbl.dnsbl.bit.n "));
    shapes.put("milter", "milter-reject: " + fill("Blocked by SpamAssassi "));
    shapes.put("nested", "reject: " + fill("((: 4((: 450[[reylist]]))"));
    shapes.put("cr-lf-nel", "reject: " + fill(": 450 \r reylist\n\u0085 "));
    Path plain = dir.resolve("plain.log");
    Files.writeString(plain, PREFIX + "reject: RCPT from x[1.2.3.4]: 554 no\n", StandardCharsets.UTF_8);
    long startup = Long.MAX_VALUE;
    for (int i = 0; i < 2; i++) { // the first JVM start is colder than the rest
      long base = System.nanoTime();
      assertThat(MailstatJar.run(Duration.ofMinutes(1), "parse", plain.toString()).exitCode()).isZero();
      startup = Math.min(startup, System.nanoTime() - base);
    }
    System.out.printf("startup (one plain line) %.0f ms, subtracted below%n", startup / 1e6);
    List<String> slow = new ArrayList<>();
    for (Map.Entry<String, String> shape : shapes.entrySet()) {
      Path log = dir.resolve(shape.getKey() + ".log");
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < LINES; i++) {
        text.append(PREFIX).append(shape.getValue()).append('\n');
      }
      Files.writeString(log, text, StandardCharsets.UTF_8);
      long start = System.nanoTime();
      MailstatJar.Result r = MailstatJar.run(Duration.ofMinutes(5), "parse", log.toString());
      double msPerLine = Math.max(0, System.nanoTime() - start - startup) / 1e6 / LINES;
      System.out.printf("crafted %-10s %8.2f ms/line (process minus startup, %d lines)%n",
          shape.getKey(), msPerLine, LINES);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      if (msPerLine > BOUND_MS_PER_LINE) {
        slow.add(shape.getKey() + " " + msPerLine + " ms/line");
      }
    }
    assertThat(slow).as("shapes over " + BOUND_MS_PER_LINE + " ms/line").isEmpty();
  }
}
