package net.mailstat.count;

import java.util.List;
import java.util.Optional;

/**
 * A statistic past the nine counters, counted by label (docs/details.md): why mail was rejected,
 * why a delivery was deferred, what postscreen, TLS, SASL and the SPF/DKIM/DMARC checkers said.
 * Each family belongs to the instance that owns {@link #owner()} (a mail and a virus instance
 * share one stat file). Keys are persisted contracts (side file, /metrics, SNMP): never rename.
 */
public enum DetailFamily {
  /** One label per counted {@code rejected} event: the documented reason set, or a site's own. */
  REJECT("reject", Category.REJECTED),
  /** {@code status=deferred} delivery attempts, by reason. */
  DEFERRAL("deferral", Category.SENT),
  /** postscreen's verdicts on a connection: PASS NEW, PREGREET, DNSBL, ... (one per log line). */
  POSTSCREEN("postscreen", Category.RECEIVED),
  /** TLS connections established, by direction and trust level ({@code inbound-anonymous}). */
  TLS("tls", Category.RECEIVED),
  /** SASL authentication failures by mechanism, never by user name. */
  SASL("sasl", Category.RECEIVED),
  /** SPF results of the policy daemons (policyd-spf, postfix-policyd-spf-perl). */
  SPF("spf", Category.RECEIVED),
  /** DKIM verification results of OpenDKIM, and the signatures it added. */
  DKIM("dkim", Category.RECEIVED),
  /** DMARC results of OpenDMARC. */
  DMARC("dmarc", Category.RECEIVED),
  /**
   * The delivery-delay histogram of counted deliveries, from their {@code delay=} and
   * {@code delays=} fields: one label per stage and bucket, and the sum per stage
   * ({@link DelayHistogram}). Counted by the classifier itself, never by a rule.
   */
  DELAY("delay", Category.SENT);

  /** Labels a family keeps apart at most; further labels are counted under {@link DetailKey#OTHER}. */
  public static final int MAX_LABELS = 100;

  private static final List<DetailFamily> ALL = List.of(values());

  private final String key;
  private final Category owner;

  DetailFamily(String key, Category owner) {
    this.key = key;
    this.owner = owner;
  }

  public String key() {
    return key;
  }

  /** The counter whose owner also owns this family. */
  public Category owner() {
    return owner;
  }

  public static List<DetailFamily> all() {
    return ALL;
  }

  public static Optional<DetailFamily> byKey(String key) {
    for (DetailFamily f : ALL) {
      if (f.key.equals(key)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
