package net.mailstat.classify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells a content filter's re-injection (the same message coming back, e.g. from amavisd-new on
 * 127.0.0.1:10025) from a local application submitting over SMTP on loopback, which is new mail.
 *
 * <p>A loopback reception is a re-injection when its queue id is one that a hand-off to the filter
 * reported as {@code queued as QID} (or amavis as {@code queued_as: QID}). Postfix usually logs the
 * re-injection first, because the filter re-injects before it answers the hand-off, so such a
 * reception is held back until the hand-off names it (dropped), until its own queue id is handed
 * to the filter (an original message: counted), or until it is older than
 * {@link #WINDOW_SECONDS} of log time or {@link #WINDOW_LINES} lines (counted as received). Both
 * tables are bounded: at most {@link #MAX_ENTRIES} each, the oldest pending reception being counted
 * and the oldest remembered hand-off forgotten when full.
 *
 * <p>Log time is each syslog host's own: on a central loghost a host whose clock runs ahead must
 * not expire another host's held receptions or hand-offs. Entries are looked at oldest first and
 * the first one that is not due stops the look, so one of another host can hold later ones back
 * until its own host's time, or the line window, makes it due: counted later, never lost.
 *
 * <p>A held reception is settled sooner by its own message's lines ({@link QueueFate}): when
 * cleanup rejected it (at once: never queued, no hand-off can name it), and
 * {@link #FATE_GRACE_SECONDS} of its host's log time after it was delivered, bounced, expired or
 * removed (the hand-off that names a re-injection is logged within moments of it, so the grace
 * keeps a hand-off logged just after the re-injection's own delivery from being missed). And when
 * the log is read up to its end, by {@link #releaseReadUpTo} after the source has been quiet.
 */
final class ReinjectionTracker {
  static final long WINDOW_SECONDS = 600;
  static final long WINDOW_LINES = 200_000;
  static final int MAX_ENTRIES = 20_000;
  /** Re-injection lines come before or seconds after the hand-off: older hand-offs are dropped. */
  static final long HANDOFF_MEMORY_SECONDS = 120;
  private static final int RECENT_CLAIMS = 1024;
  /** Log seconds after a held reception's final line before it is counted (see the class comment). */
  static final long FATE_GRACE_SECONDS = 2;

  /** A loopback reception waiting for a hand-off to claim it. */
  record Pending(String queueId, long epochSecond, String syslogHost, long lineNumber) {}

  /** A hand-off's log time and syslog host (null: restored from an old checkpoint, any host's time). */
  private record Handoff(long epochSecond, String syslogHost) {
    boolean isOlderThan(long seconds, String host, long nowEpochSecond) {
      return (syslogHost == null || syslogHost.equals(host)) && nowEpochSecond - epochSecond > seconds;
    }
  }

  private final LinkedHashMap<String, Handoff> handedOff = new LinkedHashMap<>();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  /** Held receptions whose final line was logged: queue id -> that line's log time, oldest first. */
  private final LinkedHashMap<String, Long> finalLogged = new LinkedHashMap<>();
  /**
   * Queue ids of receptions recently settled (claimed by a hand-off, counted, or re-injections by
   * their XFORWARD attributes): a later hand-off line naming one is no news, and a delivery naming
   * one was a hand-off (its reception was logged here).
   */
  private final LinkedHashMap<String, Handoff> recentlySettled = new LinkedHashMap<>();

  /** A hand-off or filter verdict on {@code host} said the message comes back as {@code queueId}. */
  void reinjectedAs(String queueId, long epochSecond, String host) {
    if (pending.remove(queueId) != null) {
      settled(queueId, epochSecond, host);
      return;
    }
    if (recentlySettled.containsKey(queueId)) {
      return;
    }
    forgetOldHandoffs(host, epochSecond);
    handedOff.remove(queueId);
    handedOff.put(queueId, new Handoff(epochSecond, host));
    if (handedOff.size() > MAX_ENTRIES) {
      Iterator<String> oldest = handedOff.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * {@code queueId} was handed to the content filter, so it is an original message, not a
   * re-injection: a reception held back under that id is counted now.
   */
  void reachedFilter(String queueId, Consumer<Pending> count) {
    Pending p = pending.remove(queueId);
    if (p != null) {
      count.accept(p);
    }
  }

  /**
   * A reception from loopback. Returns true if it is already known to be a re-injection;
   * otherwise it is held back and reported later through {@link #expire}.
   */
  boolean isKnownReinjection(Pending reception, Consumer<Pending> countNow) {
    if (handedOff.remove(reception.queueId()) != null) {
      return true;
    }
    hold(reception, countNow);
    return false;
  }

  /** Holds back a reception that something else will settle (a pipe filter's pickup, say). */
  void hold(Pending reception, Consumer<Pending> countNow) {
    pending.put(reception.queueId(), reception);
    if (pending.size() > MAX_ENTRIES) {
      Iterator<Pending> oldest = pending.values().iterator();
      countNow.accept(oldest.next());
      oldest.remove();
    }
  }

  /**
   * True if {@code queueId} is known to the re-injection tracking: a reception held back, one a
   * hand-off or filter verdict claimed recently, or one a hand-off announced.
   */
  boolean knows(String queueId) {
    return pending.containsKey(queueId) || recentlySettled.containsKey(queueId) || handedOff.containsKey(queueId);
  }

  /**
   * The reception {@code queueId} of {@code host} was settled at {@code epochSecond}. Remembered
   * for {@link #HANDOFF_MEMORY_SECONDS} of that host's log time, {@link #RECENT_CLAIMS} at most.
   */
  void settled(String queueId, long epochSecond, String host) {
    Iterator<Handoff> oldest = recentlySettled.values().iterator();
    while (oldest.hasNext() && oldest.next().isOlderThan(HANDOFF_MEMORY_SECONDS, host, epochSecond)) {
      oldest.remove();
    }
    recentlySettled.remove(queueId);
    recentlySettled.put(queueId, new Handoff(epochSecond, host));
    if (recentlySettled.size() > RECENT_CLAIMS) {
      Iterator<String> first = recentlySettled.keySet().iterator();
      first.next();
      first.remove();
    }
  }

  /** True if a reception under {@code queueId} is held back. */
  boolean holds(String queueId) {
    return pending.containsKey(queueId);
  }

  /** cleanup rejected or discarded the held reception {@code queueId}: counted now. */
  void gone(String queueId, Consumer<Pending> count) {
    Pending p = pending.remove(queueId);
    if (p != null) {
      count.accept(p);
    }
  }

  /** The held reception {@code queueId} was delivered, bounced, expired or removed at {@code epochSecond}. */
  void finalLineLogged(String queueId, long epochSecond) {
    if (pending.containsKey(queueId) && !finalLogged.containsKey(queueId)) {
      finalLogged.put(queueId, epochSecond);
      if (finalLogged.size() > MAX_ENTRIES) {
        Iterator<String> oldest = finalLogged.keySet().iterator();
        oldest.next();
        oldest.remove(); // forgotten: still held, and counted by the window
      }
    }
  }

  /**
   * Every line up to {@code lineNumber} was read some seconds ago, and the source has been read to
   * its end since: a hand-off naming a reception held by then would have been read. Counts them.
   */
  void releaseReadUpTo(long lineNumber, Consumer<Pending> count) {
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (p.lineNumber() > lineNumber) {
        return;
      }
      count.accept(p);
      it.remove();
    }
  }

  /**
   * A line of {@code host} at {@code nowEpochSecond}: hands pending receptions past the window
   * (that host's log time, or any host's lines) to {@code count} as real receptions.
   */
  void expire(String host, long nowEpochSecond, long lineNumber, Consumer<Pending> count) {
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      boolean timeUp = p.syslogHost().equals(host) && nowEpochSecond - p.epochSecond() > WINDOW_SECONDS;
      if (!timeUp && lineNumber - p.lineNumber() <= WINDOW_LINES) {
        return;
      }
      count.accept(p);
      it.remove();
    }
  }

  /** A line of {@code host} at {@code nowEpochSecond}: counts held receptions past the grace after their final line. */
  void releaseFinal(String host, long nowEpochSecond, Consumer<Pending> count) {
    Iterator<Map.Entry<String, Long>> it = finalLogged.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      Pending p = pending.get(e.getKey());
      if (p == null) {
        it.remove(); // settled otherwise meanwhile
        continue;
      }
      if (!p.syslogHost().equals(host) || nowEpochSecond - e.getValue() <= FATE_GRACE_SECONDS) {
        return;
      }
      pending.remove(e.getKey());
      it.remove();
      count.accept(p);
    }
  }

  private void forgetOldHandoffs(String host, long nowEpochSecond) {
    Iterator<Handoff> oldest = handedOff.values().iterator();
    while (oldest.hasNext() && oldest.next().isOlderThan(HANDOFF_MEMORY_SECONDS, host, nowEpochSecond)) {
      oldest.remove();
    }
  }

  HeldReceptions export() {
    List<HeldReceptions.Reception> held = new ArrayList<>();
    pending.values().forEach(p -> held.add(new HeldReceptions.Reception(p.queueId(), p.epochSecond(), p.syslogHost())));
    return new HeldReceptions(held, asRecords(handedOff), List.of(), asRecords(recentlySettled));
  }

  private static List<HeldReceptions.Reinjection> asRecords(LinkedHashMap<String, Handoff> table) {
    List<HeldReceptions.Reinjection> out = new ArrayList<>();
    table.forEach((q, h) -> out.add(new HeldReceptions.Reinjection(q, h.epochSecond(), h.syslogHost())));
    return out;
  }

  /** Restores saved state; held receptions count their look-ahead lines from {@code lineNumber}. */
  void restore(HeldReceptions saved, long lineNumber) {
    pending.clear();
    finalLogged.clear();
    handedOff.clear();
    recentlySettled.clear();
    for (HeldReceptions.Reception r : saved.held()) {
      pending.put(r.queueId(), new Pending(r.queueId(), r.epochSecond(), r.syslogHost(), lineNumber));
    }
    saved.reinjectedAs().stream()
        .sorted(java.util.Comparator.comparingLong(HeldReceptions.Reinjection::epochSecond))
        .forEach(r -> handedOff.put(r.queueId(), new Handoff(r.epochSecond(), r.syslogHost())));
    saved.settled().forEach(r -> recentlySettled.put(r.queueId(), new Handoff(r.epochSecond(), r.syslogHost())));
  }

  /** End of input: nothing can claim the pending receptions any more. */
  void flush(Consumer<Pending> count) {
    pending.values().forEach(count);
    pending.clear();
    finalLogged.clear();
  }

  int pendingCount() {
    return pending.size();
  }

  boolean isEmpty() {
    return pending.isEmpty() && handedOff.isEmpty();
  }

  java.util.Set<String> handedOffView() {
    return java.util.Collections.unmodifiableSet(handedOff.keySet());
  }

  Map<String, Pending> pendingView() {
    return java.util.Collections.unmodifiableMap(pending);
  }
}
