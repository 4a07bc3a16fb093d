package net.mailstat.rrd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.queue.QueueName;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDef;

/**
 * The databases past mailgraph's three (docs/rrd.md), kept by {@code run} and {@code demo} for all
 * hosts together: rejects by reason and TLS connections by direction and trust (ABSOLUTE, one
 * update per minute of log time, like {@link Database}), and the Postfix queues (GAUGE, one update
 * per queue sample). Each data source has a fixed name, so the files never grow: a label outside
 * the set counts under {@code other}. Names are persisted contracts: never rename them.
 */
public enum FamilyDatabase implements RrdLayout {
  REJECTS("_rejects", DsType.ABSOLUTE, Database.HEARTBEAT, List.of(
      new Source("rbl", "rbl-"),
      new Source("spf", "spf"),
      new Source("unknown_recipient", "unknown-recipient"),
      new Source("relay_denied", "relay-denied"),
      new Source("rate_limit", "rate-limit"),
      new Source("size", "size"),
      new Source("client_access", "client-access"),
      new Source("helo_access", "helo-access"),
      new Source("sender_access", "sender-access"),
      new Source("recipient_access", "recipient-access"),
      new Source("postscreen", "postscreen"),
      new Source("milter", "milter"),
      new Source("header_checks", "header-checks"),
      new Source("body_checks", "body-checks"),
      new Source("other", DetailKey.OTHER))),
  TLS("_tls", DsType.ABSOLUTE, Database.HEARTBEAT, List.of(
      new Source("inbound_anonymous", "inbound-anonymous"),
      new Source("inbound_untrusted", "inbound-untrusted"),
      new Source("inbound_trusted", "inbound-trusted"),
      new Source("inbound_verified", "inbound-verified"),
      new Source("outbound_anonymous", "outbound-anonymous"),
      new Source("outbound_untrusted", "outbound-untrusted"),
      new Source("outbound_trusted", "outbound-trusted"),
      new Source("outbound_verified", "outbound-verified"),
      new Source("other", DetailKey.OTHER))),
  QUEUES("_queues", DsType.GAUGE, FamilyDatabase.QUEUE_HEARTBEAT, queueSources());

  /**
   * A data source and the detail label it counts ({@code rbl-} stands for every {@code rbl-LIST}),
   * or, for the queues, the queue's name.
   */
  public record Source(String name, String label) {}

  /**
   * A queue sample holds for this long: samples every minute (the default) draw a continuous line,
   * samples further apart than this leave the time between them unknown.
   */
  static final long QUEUE_HEARTBEAT = 600;
  private static final String RBL_PREFIX = "rbl-";

  private final String suffix;
  private final DsType type;
  private final long heartbeat;
  private final List<Source> sources;

  FamilyDatabase(String suffix, DsType type, long heartbeat, List<Source> sources) {
    this.suffix = suffix;
    this.type = type;
    this.heartbeat = heartbeat;
    this.sources = sources;
  }

  private static List<Source> queueSources() {
    List<Source> out = new ArrayList<>();
    for (QueueName q : QueueName.values()) {
      out.add(new Source(q.key(), q.key()));
    }
    return List.copyOf(out);
  }

  public List<Source> sources() {
    return sources;
  }

  /** The databases the recorder writes per minute of counted details. */
  static List<FamilyDatabase> counted() {
    return List.of(REJECTS, TLS);
  }

  @Override
  public String fileName(String baseName) {
    return baseName + suffix + ".rrd";
  }

  @Override
  public RrdDef definition(String path, long start) {
    return Database.definition(path, start, sources.stream().map(Source::name).toList(), type, heartbeat);
  }

  /** Reject sources are slots 0.., TLS sources follow them; a queue's slot is its index. */
  @Override
  public int slot(String dsName) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).name().equals(dsName)) {
        return firstSlot() + i;
      }
    }
    return -1;
  }

  /** Slots of the minute counts: the reject sources first, then the TLS sources. */
  static int countedSlots() {
    return REJECTS.sources.size() + TLS.sources.size();
  }

  private int firstSlot() {
    return this == TLS ? REJECTS.sources.size() : 0;
  }

  /**
   * The data source that counts {@code key}: {@code rbl} for every {@code rbl-LIST}, the source of a
   * documented label, {@code other} for any other label of the family (a site's own {@code reason=}
   * included); empty for the families kept in no database.
   */
  public static Optional<String> sourceOf(DetailKey key) {
    FamilyDatabase db = switch (key.family()) {
      case REJECT -> REJECTS;
      case TLS -> TLS;
      default -> null;
    };
    if (db == null) {
      return Optional.empty();
    }
    String label = key.label();
    for (Source s : db.sources) {
      if (s.label().equals(label) || (s.label().equals(RBL_PREFIX) && label.startsWith(RBL_PREFIX))) {
        return Optional.of(s.name());
      }
    }
    return Optional.of(DetailKey.OTHER);
  }

  /** The slot that counts {@code key}, -1 if none (see {@link #sourceOf}). */
  static int slotOf(DetailKey key) {
    return sourceOf(key).map(ds -> (key.family() == DetailFamily.REJECT ? REJECTS : TLS).slot(ds)).orElse(-1);
  }
}
