package net.mailstat.count;

import java.util.List;
import java.util.Optional;

/**
 * What a log line can count as. The order is the stat-file order: the first six are the classic
 * {@code sent received bounced rejected virus spam} line that existing tools read, the rest are
 * mailstat's additions. Names are persisted contracts (stat file, JSON, SNMP, RRD): never rename.
 */
public enum Category {
  SENT("sent"),
  RECEIVED("received"),
  BOUNCED("bounced"),
  REJECTED("rejected"),
  VIRUS("virus"),
  SPAM("spam"),
  DELIVERED("delivered"),
  GREYLISTED("greylisted"),
  DELAYED("delayed");

  private static final List<Category> ALL = List.of(values());

  private final String key;

  Category(String key) {
    this.key = key;
  }

  /** The persisted lower-case name, e.g. {@code sent}. */
  public String key() {
    return key;
  }

  public static List<Category> all() {
    return ALL;
  }

  public static Optional<Category> byKey(String key) {
    for (Category c : ALL) {
      if (c.key.equals(key)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
