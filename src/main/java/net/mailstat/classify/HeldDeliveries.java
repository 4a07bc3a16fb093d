package net.mailstat.classify;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import net.mailstat.count.Category;

/**
 * Deliveries to a loopback address whose reply names a queue id ({@code queued as NEWQID}) that
 * this host has not (yet) logged as a reception: a hand-off to a content filter if that reception
 * is logged, otherwise a real delivery (a smarthost reached through a local TLS tunnel, a relay
 * on a second loopback address). Decided by correlation, not by the address (docs/counting.md).
 *
 * <p>The filter's re-injection is logged before the hand-off's reply, or moments after it, so a
 * held delivery is counted as what its agent says once {@link #GRACE_SECONDS} of its host's log
 * time have passed without the reception, once the log was read to its end some seconds after it
 * ({@link #releaseReadUpTo}), when the table is full (the oldest), or at the end of a one-shot
 * read. Bounded: at most {@link #MAX_ENTRIES}.
 */
final class HeldDeliveries {
  static final long GRACE_SECONDS = 5;
  static final int MAX_ENTRIES = 20_000;

  /**
   * A held delivery: what it counts if no reception claims it ({@code count} lines naming the
   * queue id: one per recipient, as Postfix logs them), where the first was read, and the queue id
   * of the message delivered ({@code original}: null if not known, as after a restart), which
   * reached a filter if a reception claims the delivery.
   */
  record Held(String newQueueId, Category category, long count, long epochSecond, String syslogHost,
      long lineNumber, String original) {}

  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();

  boolean isEmpty() {
    return held.isEmpty();
  }

  int size() {
    return held.size();
  }

  /** Holds a delivery line naming {@code newQueueId}; more lines naming it are more recipients of it. */
  void hold(String newQueueId, String original, Category category, long epochSecond, String syslogHost,
      long lineNumber, Consumer<Held> count) {
    Held earlier = held.get(newQueueId);
    held.put(newQueueId, earlier == null
        ? new Held(newQueueId, category, 1, epochSecond, syslogHost, lineNumber, original)
        : new Held(newQueueId, earlier.category(), earlier.count() + 1, earlier.epochSecond(), earlier.syslogHost(),
            earlier.lineNumber(), earlier.original()));
    if (held.size() > MAX_ENTRIES) {
      Iterator<Held> oldest = held.values().iterator();
      count.accept(oldest.next());
      oldest.remove();
    }
  }

  /**
   * A reception under {@code queueId} was logged: if a held delivery named it, that was a hand-off
   * (returned; null if none).
   */
  Held claim(String queueId) {
    return held.remove(queueId);
  }

  /** A line of {@code host} at {@code nowEpochSecond}: counts that host's held deliveries past the grace. */
  void releaseDue(String host, long nowEpochSecond, long lineNumber, long windowLines, Consumer<Held> count) {
    Iterator<Held> it = held.values().iterator();
    while (it.hasNext()) {
      Held h = it.next();
      boolean due = (h.syslogHost().equals(host) && nowEpochSecond - h.epochSecond() > GRACE_SECONDS)
          || lineNumber - h.lineNumber() > windowLines;
      if (!due) {
        return;
      }
      count.accept(h);
      it.remove();
    }
  }

  /** Counts the held deliveries read up to line {@code lineNumber} (see {@link CaughtUpTimes}). */
  void releaseReadUpTo(long lineNumber, Consumer<Held> count) {
    Iterator<Held> it = held.values().iterator();
    while (it.hasNext()) {
      Held h = it.next();
      if (h.lineNumber() > lineNumber) {
        return;
      }
      count.accept(h);
      it.remove();
    }
  }

  void flush(Consumer<Held> count) {
    held.values().forEach(count);
    held.clear();
  }

  List<HeldReceptions.Delivery> export() {
    return held.values().stream()
        .map(h -> new HeldReceptions.Delivery(h.newQueueId(), h.category(), h.count(), h.epochSecond(),
            h.syslogHost()))
        .toList();
  }

  void restore(List<HeldReceptions.Delivery> saved, long lineNumber) {
    held.clear();
    saved.forEach(d -> held.put(d.newQueueId(),
        new Held(d.newQueueId(), d.category(), d.count(), d.epochSecond(), d.syslogHost(), lineNumber, null)));
  }
}
