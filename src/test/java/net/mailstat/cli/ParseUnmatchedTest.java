package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parse --unmatched on a log whose unmatched shapes are known. */
class ParseUnmatchedTest {
  @TempDir Path dir;

  private Path log() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add(String.format("Nov 23 18:%02d:%02d mx postfix/smtpd[%d]: connect from host%d.example.net[192.0.2.%d]",
          i / 60, i % 60, 4000 + i, i, i));
      if (i < 30) {
        lines.add(String.format("Nov 23 18:%02d:%02d mx postfix/smtpd[%d]: warning: hostname c%d.example.com does not "
            + "resolve to address 198.51.100.%d: Name or service not known", i / 60, i % 60, 4000 + i, i, i));
      }
      if (i < 10) {
        lines.add(String.format("Nov 23 18:%02d:%02d mx postfix/smtpd[%d]: %06X%d: client=host%d.example.net[192.0.2.%d]",
            i / 60, i % 60, 4000 + i, 0xA0B0C0 + i, i, i, i));
        lines.add(String.format("Nov 23 18:%02d:%02d mx sshd[%d]: Accepted publickey for user%d from 203.0.113.%d",
            i / 60, i % 60, 900 + i, i, i));
      }
    }
    lines.add("Nov 23 19:00:00 mx postfix/qmgr[77]: ABCDEF1234: removed");
    Path log = dir.resolve("mail.log");
    Files.write(log, lines);
    return log;
  }

  @Test
  void listsTheMostFrequentShapesWithCountsAndRealExamples() throws IOException {
    Path log = log();
    Cli.Run r = Cli.mailstat("parse", "--year", "2026", "--unmatched=2", log.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("received +10")
        .contains("80 mail lines no rule matched; the most frequent shapes:")
        .containsPattern(" +50  postfix/smtpd: connect from HOST\\[IP]\n +e\\.g\\. Nov 23 18:00:00 mx "
            + "postfix/smtpd\\[4000]: connect from host0\\.example\\.net\\[192\\.0\\.2\\.0]\n")
        .containsPattern(" +30  postfix/smtpd: warning: hostname HOST does not resolve to address IP: Name or "
            + "service not known\n +e\\.g\\. Nov 23 18:00:00 mx postfix/smtpd\\[4000]: warning: hostname "
            + "c0\\.example\\.com");
    assertThat(r.out()).as("only two shapes, mail programs only").doesNotContain("sshd").doesNotContain("qmgr")
        .doesNotContain("client=");
  }

  @Test
  void jsonCarriesTheSameAndBadCountsAreUsageErrors() throws IOException {
    Path log = log();
    Cli.Run json = Cli.mailstat("parse", "--year", "2026", "--format=json", log.toString(),
        "--unmatched");
    Cli.Run zero = Cli.mailstat("parse", "--unmatched=0", log.toString());

    assertThat(json.exit()).as(json.err()).isZero();
    List<String> objects = json.out().lines().toList();
    assertThat(objects).hasSize(2);
    assertThat(objects.get(1)).startsWith("{\"unmatched_lines\": 80, \"unmatched\": [{\"count\": 50, \"over_count\": 0, "
        + "\"shape\": \"postfix/smtpd: connect from HOST[IP]\", \"example\": \"Nov 23 18:00:00 mx postfix/smtpd[4000]: "
        + "connect from host0.example.net[192.0.2.0]\"}, {\"count\": 30, ");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("--unmatched: N must be 1..1000");
  }

  @Test
  void memoryStaysBoundedAndAFrequentShapeSurvivesAFloodOfRareOnes() throws IOException {
    Random rnd = new Random(5);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      if (i % 12 == 0) {
        lines.add("Nov 23 18:00:00 mx postfix/smtpd[1]: lost connection after CONNECT from unknown[192.0.2.1]");
      }
      StringBuilder word = new StringBuilder();
      for (int k = 0; k < 12; k++) {
        word.append((char) ('a' + rnd.nextInt(26)));
      }
      lines.add("Nov 23 18:00:01 mx postfix/smtpd[1]: odd " + word);
    }
    Path log = dir.resolve("flood.log");
    Files.write(log, lines);

    Cli.Run r = Cli.mailstat("parse", "--year", "2026", "--unmatched=1", log.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("65000 mail lines no rule matched")
        .containsPattern(" +~?(\\d+)  postfix/smtpd: lost connection after CONNECT from unknown\\[IP]\n");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(" +~?(\\d+)  postfix/smtpd: lost connection")
        .matcher(r.out());
    assertThat(m.find()).isTrue();
    assertThat(Long.parseLong(m.group(1))).as("never below the true count").isGreaterThanOrEqualTo(5000);
  }
}
