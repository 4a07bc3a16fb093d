package net.mailstat.classify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * <p>Message ids and queue ids are kept as 64-bit hashes (a queue file costs no string; two ids
 * in the queue at once sharing a hash is a chance of about 2^-64 per pair); every table is bounded ({@link #MAX_ENTRIES}, the
 * oldest forgotten first), and a forgotten link only makes a re-injection count as new mail.
 *
 * <p>Saved with the checkpoint ({@link #toLines()}): the held pickups and the copies waiting, and
 * the links of the last {@link #SAVED_SECONDS} of log time, at most {@link #MAX_SAVED} of each kind
 * (a filter re-injects within seconds; older links would only make every checkpoint larger).
 */
final class PipeReinjections {
  static final int MAX_ENTRIES = 8192;
  /** Copies of one message (one per recipient) that wait for its pipe delivery; more count as new mail. */
  static final int MAX_COPIES = 1000;
  /** Log seconds a message id stays known as re-injected: more recipients' copies may follow. */
  static final long REINJECTED_MEMORY_SECONDS = 120;
  /** Log seconds of links saved with a checkpoint: a pipe delivery follows its cleanup line within seconds. */
  static final long SAVED_SECONDS = 60;
  /** The newest links of each kind saved with a checkpoint, at most. */
  static final int MAX_SAVED = 1000;

  /** What a pickup reception's message id says about it. */
  enum Verdict {
    /** A pipe delivery of the same message was logged: not new mail. */
    REINJECTION,
    /** Another queue file of the same message is still in the queue: wait for its pipe delivery. */
    WAIT,
    /** New mail: count it. */
    RECEPTION
  }

  /** A message id cleanup logged, and when. */
  private record Seen(long messageId, long epochSecond) {}

  /** By queue key ({@link #queueKey}). */
  private final LinkedHashMap<Long, Seen> messageIdOfQueue = new LinkedHashMap<>();
  /** Message id to the queue key of its first queue file. */
  private final LinkedHashMap<Long, Long> firstQueueOfMessageId = new LinkedHashMap<>();
  /** Queue key to queue id of the pickups held until their message id is logged. */
  private final LinkedHashMap<Long, String> pickupsWithoutMessageId = new LinkedHashMap<>();
  private final LinkedHashMap<Long, List<String>> waiting = new LinkedHashMap<>();
  private final LinkedHashMap<Long, Long> reinjectedAt = new LinkedHashMap<>();
  private long latestEpochSecond;

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

  /** The key of a queue id's bytes {@code b[from, to)}, the same as of the queue id as text. */
  static long queueKey(byte[] b, int from, int to) {
    return hash(b, from, to);
  }

  static long queueKey(String queueId) {
    byte[] b = queueId.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return hash(b, 0, b.length);
  }

  /** A pickup reception under {@code queueId}, held until its message id is logged. */
  void pickupHeld(String queueId) {
    put(pickupsWithoutMessageId, queueKey(queueId), queueId);
  }

  /**
   * cleanup logged {@code messageId} for the queue file whose key is {@code queueKey}. Returns the
   * verdict on a held pickup reception of that file, or null if none is held. {@code claimDelivery}
   * is asked whether a pipe delivery of that message is held (and claims it).
   */
  Verdict messageIdLogged(long queueKey, long messageId, long epochSecond,
      LongPredicate claimDelivery) {
    latestEpochSecond = Math.max(latestEpochSecond, epochSecond);
    put(messageIdOfQueue, queueKey, new Seen(messageId, epochSecond));
    firstQueueOfMessageId.putIfAbsent(messageId, queueKey);
    trim(firstQueueOfMessageId);
    String queueId = pickupsWithoutMessageId.remove(queueKey);
    if (queueId == null) {
      return null;
    }
    if (isReinjected(messageId, epochSecond) || claimDelivery.test(messageId)) {
      put(reinjectedAt, messageId, epochSecond);
      return Verdict.REINJECTION;
    }
    Long first = firstQueueOfMessageId.get(messageId);
    if (first != null && first != queueKey) {
      List<String> queue = waiting.computeIfAbsent(messageId, k -> new ArrayList<>());
      if (queue.size() < MAX_COPIES) {
        queue.add(queueId);
        trim(waiting);
        return Verdict.WAIT;
      }
    }
    return Verdict.RECEPTION;
  }

  /** The message id cleanup logged for {@code queueId}, if still known. */
  Long messageIdOf(String queueId) {
    Seen seen = messageIdOfQueue.get(queueKey(queueId));
    return seen == null ? null : seen.messageId();
  }

  /**
   * A pipe delivery of a message whose id is {@code messageId}: the pickup receptions waiting for
   * it (re-injections, to be dropped), or an empty list; then {@link #isReinjected} tells whether a
   * re-injection was logged before (the delivery is a hand-off too).
   */
  List<String> pipeDelivered(long messageId, long epochSecond) {
    latestEpochSecond = Math.max(latestEpochSecond, epochSecond);
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
   * qmgr removed the queue file whose key is {@code queueKey}: pickup receptions waiting for a pipe
   * delivery of it are new mail (returned, to be counted). Its message id is forgotten as a first queue.
   */
  List<String> removed(long queueKey) {
    Seen seen = messageIdOfQueue.remove(queueKey);
    if (seen == null) {
      return List.of();
    }
    long messageId = seen.messageId();
    Long first = firstQueueOfMessageId.get(messageId);
    if (first != null && first == queueKey) {
      firstQueueOfMessageId.remove(messageId);
      List<String> left = waiting.remove(messageId);
      return left == null ? List.of() : left;
    }
    return List.of();
  }

  /**
   * As look-ahead lines of a checkpoint: {@code pipe-pickup QID} (a held pickup reception whose
   * message id is not logged yet), {@code pipe-waiting HASH QID} (a copy waiting for its original's
   * pipe delivery), {@code pipe-queue QKEY HASH EPOCH} (the message id of a queue file), each
   * followed by {@code pipe-first HASH QKEY} (the first queue file of that message id), and
   * {@code pipe-reinjected HASH EPOCH}; hashes in hex.
   */
  List<String> toLines() {
    List<String> lines = new ArrayList<>();
    pickupsWithoutMessageId.values().forEach(q -> lines.add("pipe-pickup " + q));
    waiting.forEach((id, queues) -> queues.forEach(q -> lines.add("pipe-waiting " + hex(id) + " " + q)));
    long since = latestEpochSecond - SAVED_SECONDS;
    int skip = messageIdOfQueue.size() - MAX_SAVED; // the oldest come first
    for (Map.Entry<Long, Seen> e : messageIdOfQueue.entrySet()) {
      Seen seen = e.getValue();
      if (skip-- <= 0 && seen.epochSecond() >= since) {
        lines.add("pipe-queue " + hex(e.getKey()) + " " + hex(seen.messageId()) + " " + seen.epochSecond());
        Long first = firstQueueOfMessageId.get(seen.messageId());
        if (first != null) {
          lines.add("pipe-first " + hex(seen.messageId()) + " " + hex(first));
        }
      }
    }
    long reinjectedSince = latestEpochSecond - REINJECTED_MEMORY_SECONDS;
    skip = reinjectedAt.size() - MAX_SAVED;
    for (Map.Entry<Long, Long> e : reinjectedAt.entrySet()) {
      if (skip-- <= 0 && e.getValue() >= reinjectedSince) {
        lines.add("pipe-reinjected " + hex(e.getKey()) + " " + e.getValue());
      }
    }
    return lines;
  }

  /** Restores {@link #toLines()}'s output, as bounded as ever; {@link IllegalArgumentException} on anything else. */
  void restore(List<String> lines) {
    for (String line : lines) {
      String[] f = line.split(" ");
      switch (f.length == 0 ? "" : f[0]) {
        case "pipe-pickup" -> {
          fields(line, f, 2);
          put(pickupsWithoutMessageId, queueKey(f[1]), f[1]);
        }
        case "pipe-waiting" -> {
          fields(line, f, 3);
          List<String> queue = waiting.computeIfAbsent(unhex(line, f[1]), k -> new ArrayList<>());
          if (queue.size() < MAX_COPIES) {
            queue.add(f[2]);
          }
          trim(waiting);
        }
        case "pipe-queue" -> {
          fields(line, f, 4);
          long at = number(line, f[3]);
          put(messageIdOfQueue, unhex(line, f[1]), new Seen(unhex(line, f[2]), at));
          latestEpochSecond = Math.max(latestEpochSecond, at);
        }
        case "pipe-first" -> {
          fields(line, f, 3);
          firstQueueOfMessageId.putIfAbsent(unhex(line, f[1]), unhex(line, f[2]));
          trim(firstQueueOfMessageId);
        }
        case "pipe-reinjected" -> {
          fields(line, f, 3);
          put(reinjectedAt, unhex(line, f[1]), number(line, f[2]));
        }
        default -> throw new IllegalArgumentException("bad look-ahead record '" + line + "'");
      }
    }
  }

  private static void fields(String line, String[] f, int n) {
    if (f.length != n) {
      throw new IllegalArgumentException("bad look-ahead record '" + line + "'");
    }
  }

  private static long number(String line, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad look-ahead record '" + line + "'");
    }
  }

  private static String hex(long id) {
    return Long.toHexString(id);
  }

  private static long unhex(String line, String hex) {
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad look-ahead record '" + line + "'");
    }
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
}
