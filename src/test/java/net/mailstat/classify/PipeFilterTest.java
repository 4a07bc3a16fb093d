package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.mailstat.count.Category;
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
    String pipe2 = PIPE.replace("user1", "user2");
    String pickup2 = PICKUP.replace("E683A2223BA", "F10002223BB");
    String copy2 = COPY_ID.replace("E683A2223BA", "F10002223BB");
    String delivered2 = COPY_DELIVERED.replace("E683A2223BA", "F10002223BB").replace("user1", "user2");
    Run run = run().feed(RECEIVED, ORIGINAL_ID, ORIGINAL_ACTIVE, PICKUP, COPY_ID, PIPE, pipe2, ORIGINAL_REMOVED,
        pickup2, copy2, COPY_DELIVERED, delivered2, later(10));
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
}
