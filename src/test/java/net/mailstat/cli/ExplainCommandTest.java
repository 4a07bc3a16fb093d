package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a postmaster who doubts a number types, and what it prints. */
class ExplainCommandTest {
  private static final String RECEPTION =
      "Nov 23 18:56:29 mx postfix/smtpd[4591]: D2FF7D9649: client=localhost[127.0.0.1]";
  private static final String HANDOFF = "Nov 23 18:56:29 mx postfix/smtp[4716]: 3A452D963D: to=<user@example.org>, "
      + "relay=127.0.0.1[127.0.0.1]:10024, delay=1.2, delays=0.1/0/0/1.1, dsn=2.0.0, status=sent (250 2.0.0 from "
      + "MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as D2FF7D9649)";
  private static final String OUTSIDE =
      "Nov 23 18:56:31 mx postfix/smtpd[4592]: 0A84FD94C4: client=mail.example.com[192.0.2.25]";

  @TempDir Path dir;

  @Test
  void aLineShowsItsEnvelopeItsRulesAndItsCount() {
    Cli.Run r = Cli.mailstat("explain", "--timezone", "UTC", "--year", "2026", OUTSIDE);

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("line 1: " + OUTSIDE)
        .contains("envelope: time 2026-11-23T18:56:31Z, host mx, program postfix/smtpd, queue id 0A84FD94C4")
        .contains("rules for postfix/smtpd:")
        .containsPattern("pf-smtpd-reinjected +- +no: none of any=")
        .containsPattern("pf-smtpd-received +received +MATCHED \\{host=mail.example.com\\[192.0.2.25], qid=0A84FD94C4}")
        .containsPattern("pf-smtpd-rejected +rejected +not tried: rule pf-smtpd-received matched first")
        .contains("counts: received 1");
  }

  @Test
  void aReinjectionIsHeldAndSettledByTheHandOffThatNamesIt() {
    Cli.Run r = Cli.mailstat("explain", "--timezone", "UTC", "--year", "2026", RECEPTION,
        HANDOFF);

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("decision: held as a possible re-injection: loopback reception held: a re-injection if a "
            + "hand-off names D2FF7D9649, else received")
        .contains("decision: settles line 1 as a re-injection")
        .doesNotContain("received 1");
  }

  @Test
  void traceSelectsTheLinesOfAQueueIdAndJsonCarriesTheSame() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.write(log, List.of(OUTSIDE, RECEPTION, "garbage", HANDOFF));

    Cli.Run text = Cli.mailstat("explain", "--timezone", "UTC", "--year", "2026", "--trace",
        log.toString(), "--qid", "D2FF7D9649");
    Cli.Run json = Cli.mailstat("explain", "--timezone", "UTC", "--year", "2026", "--trace",
        log.toString(), "--category", "received", "--line", "3", "--format=json");

    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("line 2: ").contains("line 4: ").doesNotContain("line 1: ")
        .doesNotContain("line 3: ");
    assertThat(json.exit()).as(json.err()).isZero();
    List<String> objects = json.out().lines().toList();
    assertThat(objects).hasSize(2);
    assertThat(objects.get(0)).startsWith("{\"line\": 1, ").contains("\"verdict\": \"matched\"")
        .contains("\"counted\": [{\"category\": \"received\", \"n\": 1, \"for_line\": 1}]");
    assertThat(objects.get(1)).startsWith("{\"line\": 3, \"text\": \"garbage\", \"syntax\": \"invalid\"");
  }

  @Test
  void mistakesGetOneLineAndTheirExitCode() throws IOException {
    Path log = Files.writeString(dir.resolve("mail.log"), "Nov  1 00:00:00 mx1 postfix/smtpd[1]: x\n");
    Cli.Run fileAsLine = Cli.mailstat("explain", log.toString());
    Cli.Run badCategory = Cli.mailstat("explain", "--category", "mails", "x");
    Cli.Run both = Cli.mailstat("explain", "--trace", "x", "a line");
    Cli.Run missing = Cli.mailstat("explain", "--trace", dir.resolve("none").toString());

    assertThat(fileAsLine.exit()).isEqualTo(2);
    assertThat(fileAsLine.err()).contains("is a file, not a log line: use --trace " + log);
    assertThat(badCategory.exit()).isEqualTo(2);
    assertThat(badCategory.err()).contains("unknown category 'mails'");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("not both");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().strip()).startsWith("mailstat: cannot read ").doesNotContain("\n");
  }
}
