package net.mailstat.queue;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One sample of the Postfix queues, immutable: either up, with the totals of every {@link QueueName}
 * (empty queues included) and the number of output lines that were not a queue entry, or
 * unavailable, with a one-line reason and no totals at all (so exporters leave the gauges out
 * instead of showing 0).
 */
public record QueueSnapshot(long epochSecond, Map<QueueName, QueueTotals> queues, long unparsedLines, String reason) {
  /** Queues missing from an up snapshot's {@code queues} are empty; an unavailable one carries none. */
  public QueueSnapshot {
    if (reason != null && !queues.isEmpty()) {
      throw new IllegalArgumentException("an unavailable queue sample has no totals");
    }
    EnumMap<QueueName, QueueTotals> all = new EnumMap<>(QueueName.class);
    if (reason == null) {
      for (QueueName q : QueueName.values()) {
        all.put(q, queues.getOrDefault(q, QueueTotals.EMPTY));
      }
    }
    queues = Collections.unmodifiableMap(all);
  }

  static QueueSnapshot unavailable(long epochSecond, String reason) {
    return new QueueSnapshot(epochSecond, Map.of(), 0, reason);
  }

  /** Whether the sample worked; when not, {@link #queues()} is empty and {@link #reason()} says why. */
  public boolean up() {
    return reason == null;
  }

  /** The totals of {@code queue}; only for a snapshot that is {@link #up()}. */
  public QueueTotals totals(QueueName queue) {
    if (!up()) {
      throw new IllegalStateException("queue sample unavailable: " + reason);
    }
    return queues.get(queue);
  }

  /** "up, 3 messages" or "unavailable (reason)", for the health summary and the log. */
  public String describe() {
    if (!up()) {
      return "unavailable (" + reason + ")";
    }
    long messages = queues.values().stream().mapToLong(QueueTotals::messages).sum();
    return "up, " + messages + (messages == 1 ? " message" : " messages")
        + (unparsedLines == 0 ? "" : ", " + unparsedLines + " unparsed lines");
  }
}
