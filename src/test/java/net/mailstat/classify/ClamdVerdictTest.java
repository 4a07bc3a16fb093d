package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.mailstat.count.Category;
import org.junit.jupiter.api.Test;

/**
 * Issue #11: clamd's {@code FOUND} line and clamav-milter's (or clamsmtpd's) verdict on the same
 * message are one virus, not two (docs/counting.md, "One virus, not two"). The clamd and
 * clamav-milter lines are from a real Debian 12 system, ClamAV 1.4.6
 * (src/test/resources/mailstack/captures/milter-loopback/all.log); the other shapes are those of
 * rule-cases.txt.
 */
class ClamdVerdictTest {
  static final String CLAMD = "Dec  4 19:17:58 mx-milter clamd[29688]:"
      + " /tmp/clamav-ad64eb6c3a02af6f2ef8f57da384f216.tmp (deleted): Eicar-Test-Signature.UNOFFICIAL FOUND";
  static final String MILTER = "Dec  4 19:17:58 mx-milter clamav-milter[29708]: Message from"
      + " <someone@client.example.org> to <user1@mx.test> infected by Eicar-Test-Signature.UNOFFICIAL";
  static final String CLAMD_INSTREAM = "Dec  4 19:17:58 mx-milter clamd[29688]: instream(127.0.0.1@45478):"
      + " Eicar-Test-Signature(69630e4574ec6798239b091cda43dcda:69) FOUND";
  static final String CLAMD_FILE = "Dec  4 19:17:58 mx-milter clamd[29688]: /home/user/Downloads/eicar.com:"
      + " Win.Test.EICAR_HDB-1 FOUND";
  static final String CLAMSMTPD = "Dec  4 19:17:58 mx-milter clamsmtpd[614]: 100001: accepted connection from:"
      + " 127.0.0.1, from=a@example.net, to=user@example.org, status=VIRUS:Eicar-Test-Signature";
  static final String CLAMD_AMAVIS = "Dec  4 19:17:58 mx-milter clamd[29688]:"
      + " /var/lib/amavis/tmp/amavis-20261204T191758-04051-aBcD/parts/p002: Eicar-Signature FOUND";
  static final String AMAVIS = "Dec  4 19:17:58 mx-milter amavis[4055]: (04055-01) Blocked INFECTED (Eicar-Signature)"
      + " {DiscardedInbound,Quarantined}, [198.51.100.9]:4711 [198.51.100.9] <a@example.net> -> <user@example.org>,"
      + " quarantine: virus-jJ6W, Queue-ID: 38452D964E, Message-ID: <v1@example.net>, mail_id: jJ6W, Hits: -,"
      + " size: 1500, 300 ms";

  private static Run run() {
    return new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of()));
  }

  /** A new classifier that starts from the look-ahead {@code first} saved with its checkpoint. */
  private static Run restartedAfter(Run first) {
    Run restarted = run();
    restarted.classifier.restoreHeldReceptions(HeldReceptions.fromLines(first.classifier.heldReceptions().toLines()));
    return restarted;
  }

  /** A line of the same system at {@code time} that counts nothing. */
  private static String later(String time) {
    return "Dec  4 " + time + " mx-milter postfix/smtpd[29824]: connect from localhost[127.0.0.1]";
  }

  private static String at(String line, String time) {
    return line.replace("19:17:58", time);
  }

  private static String on(String line, String host) {
    return line.replace(" mx-milter ", " " + host + " ");
  }

  @Test
  void theMilterAloneIsOneVirus() {
    assertThat(Run.of(Mode.DEFAULT, MILTER).counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void clamdAloneIsOneVirusPerScanOnceTheGraceHasPassed() {
    Run run = run().feed(CLAMD, CLAMD_INSTREAM, CLAMD_FILE, later("19:18:03"));
    assertThat(run.get(Category.VIRUS)).as("within the grace: held").isZero();

    run.feed(later("19:18:04"));

    assertThat(run.counts()).isEqualTo(Run.expected("virus=3"));
  }

  @Test
  void clamdAndTheMilterOnOneMessageAreOneVirusInTheOrderTheSystemLoggedThem() {
    Run run = run().feed(CLAMD, MILTER);
    assertThat(run.get(Category.VIRUS)).as("the milter's verdict, at once").isEqualTo(1);

    assertThat(run.feed(later("19:18:30")).finish().counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void theMilterBeforeClamdIsOneVirusToo() {
    // clamd replies to its client before it logs the FOUND line
    assertThat(Run.of(Mode.DEFAULT, MILTER, CLAMD, later("19:18:30")).counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void clamsmtpdAndClamdAreOneVirus() {
    assertThat(Run.of(Mode.DEFAULT, CLAMD_INSTREAM, CLAMSMTPD).counts()).isEqualTo(Run.expected("virus=1"));
    assertThat(Run.of(Mode.DEFAULT, CLAMSMTPD, CLAMD_INSTREAM).counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void twoMessagesAreTwoViruses() {
    assertThat(Run.of(Mode.DEFAULT, CLAMD, MILTER, at(CLAMD, "19:17:59"), at(MILTER, "19:17:59")).counts())
        .isEqualTo(Run.expected("virus=2"));
    assertThat(Run.of(Mode.DEFAULT, CLAMD, at(CLAMD, "19:17:59"), at(MILTER, "19:17:59"), at(MILTER, "19:18:00"))
        .counts()).isEqualTo(Run.expected("virus=2"));
  }

  @Test
  void aScanOfAnotherClientBesideTheMilterIsCountedToo() {
    assertThat(Run.of(Mode.DEFAULT, CLAMD_FILE, CLAMD, MILTER).counts()).isEqualTo(Run.expected("virus=2"));
  }

  @Test
  void aVerdictPairsOnlyWithClamdOfItsOwnHost() {
    assertThat(Run.of(Mode.DEFAULT, on(CLAMD, "mx2"), MILTER).counts()).isEqualTo(Run.expected("virus=2"));
    assertThat(Run.of(Mode.DEFAULT, CLAMD, on(CLAMD, "mx2"), on(MILTER, "mx2"), MILTER).counts())
        .isEqualTo(Run.expected("virus=2"));
  }

  @Test
  void theWindowIsFiveSecondsOfTheHostsLogTimeEitherWay() {
    assertThat(Run.of(Mode.DEFAULT, CLAMD, at(MILTER, "19:18:03")).counts()).isEqualTo(Run.expected("virus=1"));
    assertThat(Run.of(Mode.DEFAULT, CLAMD, at(MILTER, "19:18:04")).counts()).isEqualTo(Run.expected("virus=2"));
    assertThat(Run.of(Mode.DEFAULT, MILTER, at(CLAMD, "19:18:03")).counts()).isEqualTo(Run.expected("virus=1"));
    assertThat(Run.of(Mode.DEFAULT, MILTER, at(CLAMD, "19:18:04")).counts()).isEqualTo(Run.expected("virus=2"));
  }

  @Test
  void anotherHostsClockDoesNotEndTheWindow() {
    Run run = run().feed(CLAMD, on(later("19:20:00"), "mx2"), MILTER).finish();

    assertThat(run.counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void amavisScansAreStillLeftToAmavis() {
    assertThat(Run.of(Mode.DEFAULT, CLAMD_AMAVIS, AMAVIS).counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void aQuietLogCountsAHeldScanOnTheWallClock() {
    Run run = run().feed(CLAMD);
    run.classifier.caughtUp(0);
    assertThat(run.get(Category.VIRUS)).isZero();

    assertThat(run.classifier.caughtUp(CaughtUpTimes.GRACE_MILLIS)).isEqualTo(1);
    assertThat(run.get(Category.VIRUS)).isEqualTo(1);
  }

  @Test
  void aRestartBetweenClamdAndTheMilterCountsOneVirus() {
    Run first = run().feed(CLAMD);
    assertThat(first.classifier.heldReceptions().scans())
        .extracting(HeldReceptions.Scan::verdict, HeldReceptions.Scan::syslogHost)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(false, "mx-milter"));

    Run restarted = restartedAfter(first).feed(MILTER).finish();

    assertThat(first.counts()).isEqualTo(Run.expected("nothing"));
    assertThat(restarted.counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void aRestartBetweenTheMilterAndClamdCountsOneVirus() {
    Run first = run().feed(MILTER);

    Run restarted = restartedAfter(first).feed(CLAMD).finish();

    assertThat(first.counts()).isEqualTo(Run.expected("virus=1"));
    assertThat(restarted.counts()).isEqualTo(Run.expected("nothing"));
  }

  @Test
  void aHeldScanSavedWithTheCheckpointIsCountedAfterTheRestartIfNoVerdictComes() {
    Run restarted = restartedAfter(run().feed(CLAMD)).feed(later("19:18:04"));

    assertThat(restarted.counts()).isEqualTo(Run.expected("virus=1"));
  }

  @Test
  void heldScansAreBounded() {
    Run run = run();
    for (int i = 0; i <= HeldScans.MAX_ENTRIES; i++) {
      run.feed(CLAMD);
    }

    assertThat(run.get(Category.VIRUS)).as("the oldest, counted").isEqualTo(1);
    assertThat(run.classifier.heldReceptions().scans()).hasSize(HeldScans.MAX_ENTRIES);
    assertThat(run.finish().get(Category.VIRUS)).isEqualTo(HeldScans.MAX_ENTRIES + 1);
  }

  @Test
  void mailgraphModeCountsTheMilterOnlyAsMailgraphDoes() {
    assertThat(Run.of(Mode.MAILGRAPH, CLAMD, MILTER).counts()).isEqualTo(Run.expected("virus=1"));
    assertThat(Run.of(Mode.MAILGRAPH, CLAMD, MILTER).classifier.heldReceptions().isEmpty()).isTrue();
  }
}
