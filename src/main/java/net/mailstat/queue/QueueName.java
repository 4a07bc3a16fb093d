package net.mailstat.queue;

import java.util.Optional;

/** The Postfix queues {@code postqueue -j} reports, by its {@code queue_name}; the keys are metric labels. */
public enum QueueName {
  MAILDROP("maildrop"),
  INCOMING("incoming"),
  ACTIVE("active"),
  DEFERRED("deferred"),
  HOLD("hold");

  private final String key;

  QueueName(String key) {
    this.key = key;
  }

  /** The name as postqueue writes it and as /metrics and /api/counters label it. */
  public String key() {
    return key;
  }

  static Optional<QueueName> byKey(String key) {
    for (QueueName q : values()) {
      if (q.key.equals(key)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }
}
