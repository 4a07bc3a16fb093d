package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import org.junit.jupiter.api.Test;

/**
 * Issue #11: SpamAssassin through spamc in a pipe service, re-injecting with sendmail (pickup).
 * The two queue files share only the message id cleanup logs; in either order of the pipe line and
 * the pickup, the message is one reception and its final delivery one delivery. Line shapes of
 * Postfix 3.7 as scripts/e2e-mailstack's spamc system wrote them.
 */
class PipeFilterTest {
  private static final String RECEIVED = "Dec  4 21:17:30 mx postfix/smtpd[1645]: 329802223AF: client=client.example.org[10.99.8.4]";
  private static final String ORIGINAL_ID = "Dec  4 21:17:30 mx postfix/cleanup[1746]: 329802223AF: message-id=<e2e-1@driver.test>";
  private static final String ORIGINAL_ACTIVE = "Dec  4 21:17:30 mx postfix/qmgr[1638]: 329802223AF: from=<someone@client.example.org>, size=408, nrcpt=1 (queue active)";
  private static final String PIPE = "Dec  4 21:17:30 mx postfix/pipe[1750]: 329802223AF: to=<user1@mx.test>, relay=spamassassin, delay=0.77, delays=0.05/0.06/0/0.67, dsn=2.0.0, status=sent (delivered via spamassassin service)";
  private static final String ORIGINAL_REMOVED = "Dec  4 21:17:30 mx postfix/qmgr[1638]: 329802223AF: removed";
  private static final String PICKUP = "Dec  4 21:17:30 mx postfix/pickup[1637]: E683A2223BA: uid=111 from=<someone@client.example.org>";
  private static final String COPY_ID = "Dec  4 21:17:30 mx postfix/cleanup[1746]: E683A2223BA: message-id=<e2e-1@driver.test>";
  private static final String COPY_DELIVERED = "Dec  4 21:17:31 mx postfix/local[1772]: E683A2223BA: to=<user1@mx.test>, relay=local, delay=0.11, delays=0.03/0.08/0/0, dsn=2.0.0, status=sent (delivered to mailbox)";
  private static final String COPY_REMOVED = "Dec  4 21:17:31 mx postfix/qmgr[1638]: E683A2223BA: removed";

  /** The second recipient's pipe delivery and copy. */
  private static final String PIPE2 = PIPE.replace("user1", "user2");
  private static final String PICKUP2 = PICKUP.replace("E683A2223BA", "F10002223BB");
  private static final String COPY2_ID = COPY_ID.replace("E683A2223BA", "F10002223BB");
  private static final String COPY2_DELIVERED = COPY_DELIVERED.replace("E683A2223BA", "F10002223BB").replace("user1", "user2");

  private static Run run() {
    return new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, Set.of()));
  }

  private static String later(int seconds) {
    return "Dec  4 21:17:" + (31 + seconds) + " mx postfix/smtpd[900]: connect from x.example[192.0.2.9]";
  }

  @Test
  void thePickupBeforeThePipeLineIsTheFiltersReinjection() {
    Run run = run().feed(RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PICKUP, COPY_ID, PIPE, ORIGINAL_REMOVED,
        COPY_DELIVERED, COPY_REMOVED, later(10));
    run.finish();
    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void thePipeLineBeforeThePickupIsAHandoff() {
    Run run = run().feed(RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PIPE, ORIGINAL_REMOVED, PICKUP, COPY_ID,
        COPY_DELIVERED, COPY_REMOVED, later(10));
    run.finish();
    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void everyRecipientsCopyIsOneReinjectionWhateverTheOrder() {
    Run run = run().feed(RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PICKUP, COPY_ID, PIPE, PIPE2, ORIGINAL_REMOVED,
        PICKUP2, COPY2_ID, COPY_DELIVERED, COPY2_DELIVERED, later(10));
    run.finish();
    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=2"));
  }

  @Test
  void aPipeDeliveryNoPickupFollowsIsADeliveryAfterTheGrace() {
    Run run = run().feed(RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PIPE, ORIGINAL_REMOVED);
    assertThat(run.get(Category.DELIVERED)).as("within the grace: held").isZero();
    run.feed(later(10));
    assertThat(run.counts()).isEqualTo(Run.expected("received=1 delivered=1"));
  }

  @Test
  void aLocalSubmissionWithItsOwnMessageIdIsReceivedAsSoonAsCleanupNamesIt() {
    Run run = run().feed(PICKUP, COPY_ID.replace("e2e-1@driver.test", "local-7@mx.test"));
    assertThat(run.counts()).isEqualTo(Run.expected("received=1"));
  }

  @Test
  void aPickupWaitingForAnOriginalThatLeftWithoutAPipeDeliveryIsNewMail() {
    Run run = run().feed(RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PICKUP, COPY_ID);
    assertThat(run.get(Category.RECEIVED)).as("the copy waits for the original's pipe delivery").isEqualTo(1);
    run.feed(COPY_DELIVERED.replace("E683A2223BA", "329802223AF"), ORIGINAL_REMOVED);
    assertThat(run.get(Category.RECEIVED)).isEqualTo(2);
  }

  /**
   * A restart (the look-ahead saved with the checkpoint, a new classifier restored from it) after
   * every line of each order counts what a run without one counts, also after an earlier message
   * through the filter.
   */
  @Test
  void aRestartAfterAnyLineCountsTheMessageOnce() {
    String[][] orders = {
        {RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PICKUP, COPY_ID, PIPE, ORIGINAL_REMOVED, COPY_DELIVERED,
            COPY_REMOVED, later(10)},
        {RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PIPE, ORIGINAL_REMOVED, PICKUP, COPY_ID, COPY_DELIVERED,
            COPY_REMOVED, later(10)},
        {RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PICKUP, COPY_ID, PIPE, PIPE2, ORIGINAL_REMOVED, PICKUP2, COPY2_ID,
            COPY_DELIVERED, COPY2_DELIVERED, later(10)},
    };
    String[] earlier = {RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PIPE, ORIGINAL_REMOVED, PICKUP, COPY_ID,
        COPY_DELIVERED, COPY_REMOVED};
    for (int o = 0; o < earlier.length; o++) {
      earlier[o] = earlier[o].replace("21:17:3", "21:16:3").replace("e2e-1@", "e2e-0@")
          .replace("329802223AF", "1111122222A").replace("E683A2223BA", "1111133333B");
    }
    for (String[] order : orders) {
      String[] lines = java.util.stream.Stream.concat(java.util.Arrays.stream(earlier), java.util.Arrays.stream(order))
          .toArray(String[]::new);
      CounterSnapshot whole = run().feed(lines).finish().counts();
      assertThat(whole.get(Category.RECEIVED)).isEqualTo(2);
      for (int cut = 1; cut < lines.length; cut++) {
        Run first = run().feed(java.util.Arrays.copyOfRange(lines, 0, cut));
        Run restarted = run();
        restarted.classifier.restoreHeldReceptions(
            HeldReceptions.fromLines(first.classifier.heldReceptions().toLines()));
        restarted.feed(java.util.Arrays.copyOfRange(lines, cut, lines.length)).finish();
        assertThat(first.counts().plus(restarted.counts()))
            .as("restart after %s", lines[cut - 1]).isEqualTo(whole);
      }
    }
  }

  @Test
  void theSavedLinksAreBoundedAndOnlyThoseThatCanStillDecide() {
    Run run = run().feed(RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PIPE, ORIGINAL_REMOVED);
    for (int i = 0; i < PipeReinjections.MAX_ENTRIES + 100; i++) {
      String qid = String.format("%011X", 0x100000000L + i);
      run.feed("Dec  4 21:20:00 mx postfix/cleanup[1746]: " + qid + ": message-id=<m" + i + "@mx.test>");
    }
    run.feed("Dec  4 21:30:00 mx postfix/cleanup[1746]: 99999999999: message-id=<last@mx.test>");
    java.util.List<String> saved = run.classifier.heldReceptions().pipeLinks();
    assertThat(saved).as("links older than the saved window are not saved").hasSize(2);
    String key = Long.toHexString(PipeReinjections.queueKey("99999999999"));
    assertThat(saved.get(0)).startsWith("pipe-queue " + key + " ");
    assertThat(saved.get(1)).startsWith("pipe-first ").endsWith(" " + key);
    Run burst = run();
    for (int i = 0; i < PipeReinjections.MAX_ENTRIES; i++) {
      burst.feed(String.format("Dec  4 21:20:00 mx postfix/cleanup[1746]: %011X: message-id=<b%d@mx.test>", i, i));
    }
    assertThat(burst.classifier.heldReceptions().pipeLinks()).as("at most the newest of a burst")
        .hasSize(2 * PipeReinjections.MAX_SAVED).last().asString().endsWith(" " + Long.toHexString(
            PipeReinjections.queueKey(String.format("%011X", PipeReinjections.MAX_ENTRIES - 1))));
  }

  @Test
  void aHeldPickupIsSaved() {
    Run pickup = run().feed(PICKUP);
    assertThat(pickup.classifier.heldReceptions().pipeLinks()).containsExactly("pipe-pickup E683A2223BA");
  }

  @Test
  void aForgedLinkIsRefused() {
    for (String bad : new String[] {"pipe-queue A1 zz 5", "pipe-waiting 12", "pipe-reinjected 1f x", "pipe-new A1"}) {
      HeldReceptions saved = HeldReceptions.fromLines(java.util.List.of(bad));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> run().classifier.restoreHeldReceptions(saved))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("look-ahead record");
    }
  }
}
