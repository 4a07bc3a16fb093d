package net.mailstat.classify;

/**
 * What the counting half of the {@link Classifier} decides about a line beyond its rules' matches:
 * the look-ahead of default mode's re-injection tracking. Only {@code mailstat explain} listens;
 * the classifier's default ignores everything.
 */
interface DecisionTrace {
  DecisionTrace NONE = new DecisionTrace() {};

  /** Why a held reception was released and counted as received. */
  enum Release {
    /** Its own queue id was handed to the content filter: an original message. */
    FILTER,
    /** No hand-off named it (no reception claimed it) within the look-ahead window. */
    WINDOW,
    /** The table of held receptions was full: the oldest is counted. */
    OVERFLOW,
    /** End of input: nothing can claim it any more. */
    END,
    /** cleanup rejected or discarded it: never queued, so no hand-off can name it. */
    GONE,
    /** Its message was delivered, bounced, expired or removed, and no hand-off named it soon after. */
    FINAL,
    /** The log was read to its end some seconds after it, and nothing named it (a quiet log). */
    QUIET,
    /** A pickup reception whose message id no pipe delivery shares (or whose original left the queue). */
    MESSAGE_ID
  }

  /**
   * A pickup reception: held until its message id is logged ({@code verdict} null), then a pipe
   * filter's re-injection, waiting for its original's pipe delivery, or new mail.
   */
  default void pipeReception(String queueId, PipeReinjections.Verdict verdict) {}

  /** A pipe delivery: a hand-off to a filter (its message came back through pickup), or held. */
  default void pipeDelivery(String queueId, boolean handoff) {}

  /** {@code rule} matched the line (and ran its outcome). */
  default void matched(Rule rule) {}

  /** The rule's peer is ignored (--ignore-localhost, --ignore-host): not counted. */
  default void ignoredPeer(Rule rule, String peer) {}

  /** The rule's pattern says the line is a content filter's re-injection: not counted. */
  default void reinjectionByPattern(Rule rule) {}

  /** A loopback reception: known as a re-injection (dropped), or held back until settled. */
  default void loopbackReception(String queueId, boolean knownReinjection) {}

  /** A hand-off or filter verdict said the message comes back as {@code newQueueId}. */
  default void handoff(String newQueueId, boolean claimsHeldReception) {}

  /** A delivery to loopback names {@code newQueueId}, not received here: held, else {@code unclaimed}. */
  default void deliveryHeld(String newQueueId, net.mailstat.count.Category unclaimed) {}

  /** This reception is the one a held delivery named: that delivery was a hand-off, this a re-injection. */
  default void claimsHeldDelivery(String queueId) {}

  /** A held delivery is counted now, as what its agent says; the next count is its. */
  default void deliveryReleased(HeldDeliveries.Held delivery, Release why) {}

  /** clamd's scan line held until a verdict of its host reports it, or a counted verdict waiting for its scan line. */
  default void scanHeld(boolean verdict) {}

  /** This clamd scan line or verdict pairs with {@code other}, the one of the other kind: one virus, the verdict's. */
  default void scanPaired(HeldScans.Held other, boolean verdict) {}

  /** clamd's scan line no verdict of its host reported is counted now, as virus; the next count is its. */
  default void scanReleased(HeldScans.Held scan, Release why) {}

  /** A held reception is counted now, as received; the next count is its. */
  default void released(ReinjectionTracker.Pending reception, Release why) {}
}
