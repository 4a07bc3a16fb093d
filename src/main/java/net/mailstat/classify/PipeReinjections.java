package net.mailstat.classify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Links a message handed to a filter through a {@code pipe} service (SpamAssassin's {@code spamc -e
 * sendmail}) with its re-injection through {@code pickup}: Postfix logs no queue id that joins
 * them, but {@code cleanup} logs the same {@code message-id=} for both queue files
 * (docs/counting.md, "Filters in a pipe service").
 *
 * <p>A pickup reception is held until its cleanup line names its message id. It is a re-injection
 * when a pipe delivery of another queue file with that message id is (or was, moments ago) logged;
 * while another queue file with that id is still in the queue it waits for that queue's pipe
 * delivery or its removal. A pipe delivery is a hand-off when such a re-injection is logged
 * before it or within the held deliveries' grace after it; otherwise it is a delivery. This class
 * only remembers; {@link Classifier} holds the receptions and deliveries and counts them.
 *
 * <p>Message ids are kept as 64-bit hashes; every table is bounded ({@link #MAX_ENTRIES}, the
 * oldest forgotten first), and a forgotten link only makes a re-injection count as new mail.
 */
final class PipeReinjections {
  static final int MAX_ENTRIES = 8192;
  /** Copies of one message (one per recipient) that wait for its pipe delivery; more count as new mail. */
  static final int MAX_COPIES = 1000;
  /** Log seconds a message id stays known as re-injected: more recipients' copies may follow. */
  static final long REINJECTED_MEMORY_SECONDS = 120;

  /** What a pickup reception's message id says about it. */
  enum Verdict {
    /** A pipe delivery of the same message was logged: not new mail. */
    REINJECTION,
    /** Another queue file of the same message is still in the queue: wait for its pipe delivery. */
    WAIT,
    /** New mail: count it. */
    RECEPTION
  }

  private final LinkedHashMap<String, Long> messageIdOfQueue = new LinkedHashMap<>();
  private final LinkedHashMap<Long, String> firstQueueOfMessageId = new LinkedHashMap<>();
  private final LinkedHashSet<String> pickupsWithoutMessageId = new LinkedHashSet<>();
  private final LinkedHashMap<Long, List<String>> waiting = new LinkedHashMap<>();
  private final LinkedHashMap<Long, Long> reinjectedAt = new LinkedHashMap<>();

  /** The key a held pipe delivery of a message id is held under (never a Postfix queue id). */
  static String deliveryKey(long messageId) {
    return "<" + Long.toHexString(messageId) + ">";
  }

  /** FNV-1a over the bytes of a message id. */
  static long hash(byte[] b, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /** A pickup reception under {@code queueId}, held until its message id is logged. */
  void pickupHeld(String queueId) {
    add(pickupsWithoutMessageId, queueId);
  }

  /**
   * cleanup logged {@code messageId} for {@code queueId}. Returns the verdict on a held pickup
   * reception under that id, or null if none is held. {@code claimDelivery} is asked whether a
   * pipe delivery of that message is held (and claims it).
   */
  Verdict messageIdLogged(String queueId, long messageId, long epochSecond,
      LongPredicate claimDelivery) {
    put(messageIdOfQueue, queueId, messageId);
    firstQueueOfMessageId.putIfAbsent(messageId, queueId);
    trim(firstQueueOfMessageId);
    if (!pickupsWithoutMessageId.remove(queueId)) {
      return null;
    }
    if (isReinjected(messageId, epochSecond) || claimDelivery.test(messageId)) {
      put(reinjectedAt, messageId, epochSecond);
      return Verdict.REINJECTION;
    }
    String first = firstQueueOfMessageId.get(messageId);
    if (first != null && !first.equals(queueId)) {
      List<String> queue = waiting.computeIfAbsent(messageId, k -> new ArrayList<>());
      if (queue.size() < MAX_COPIES) {
        queue.add(queueId);
        trim(waiting);
        return Verdict.WAIT;
      }
    }
    return Verdict.RECEPTION;
  }

  /** True if some pickup reception waits for its original's pipe delivery. */
  boolean hasWaiting() {
    return !waiting.isEmpty();
  }

  /** The message id cleanup logged for {@code queueId}, if still known. */
  Long messageIdOf(String queueId) {
    return messageIdOfQueue.get(queueId);
  }

  /**
   * A pipe delivery of a message whose id is {@code messageId}: the pickup receptions waiting for
   * it (re-injections, to be dropped), or an empty list; then {@link #isReinjected} tells whether a
   * re-injection was logged before (the delivery is a hand-off too).
   */
  List<String> pipeDelivered(long messageId, long epochSecond) {
    List<String> claimed = waiting.remove(messageId);
    if (claimed != null) {
      put(reinjectedAt, messageId, epochSecond);
      return claimed;
    }
    return List.of();
  }

  /** True if a re-injection of {@code messageId} was logged within {@link #REINJECTED_MEMORY_SECONDS}. */
  boolean isReinjected(long messageId, long epochSecond) {
    Long at = reinjectedAt.get(messageId);
    return at != null && epochSecond - at <= REINJECTED_MEMORY_SECONDS;
  }

  /**
   * qmgr removed {@code queueId}: pickup receptions waiting for a pipe delivery of it are new mail
   * (returned, to be counted). Its message id is forgotten as a first queue.
   */
  List<String> removed(String queueId) {
    Long messageId = messageIdOfQueue.remove(queueId);
    if (messageId == null) {
      return List.of();
    }
    if (queueId.equals(firstQueueOfMessageId.get(messageId))) {
      firstQueueOfMessageId.remove(messageId);
      List<String> left = waiting.remove(messageId);
      return left == null ? List.of() : left;
    }
    return List.of();
  }

  private static <K, V> void put(LinkedHashMap<K, V> map, K key, V value) {
    map.remove(key);
    map.put(key, value);
    trim(map);
  }

  private static <K, V> void trim(LinkedHashMap<K, V> map) {
    if (map.size() > MAX_ENTRIES) {
      Iterator<Map.Entry<K, V>> oldest = map.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  private static void add(LinkedHashSet<String> set, String value) {
    set.remove(value);
    set.add(value);
    if (set.size() > MAX_ENTRIES) {
      Iterator<String> oldest = set.iterator();
      oldest.next();
      oldest.remove();
    }
  }
}
