package net.mailstat.classify;

import java.util.Iterator;
import java.util.LinkedHashMap;
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
 */
final class ReinjectionTracker {
  static final long WINDOW_SECONDS = 600;
  static final long WINDOW_LINES = 200_000;
  static final int MAX_ENTRIES = 20_000;
  /** Re-injection lines come before or seconds after the hand-off: older hand-offs are dropped. */
  static final long HANDOFF_MEMORY_SECONDS = 120;
  private static final int RECENT_CLAIMS = 1024;

  /** A loopback reception waiting for a hand-off to claim it. */
  record Pending(String queueId, long epochSecond, String syslogHost, long lineNumber) {}

  private final LinkedHashMap<String, Long> handedOff = new LinkedHashMap<>();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  /** Queue ids recently matched to a held reception: a second hand-off line naming one is no news. */
  private final LinkedHashMap<String, Boolean> recentlyClaimed = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > RECENT_CLAIMS;
    }
  };

  /** A hand-off or filter verdict said the message comes back as {@code queueId}. */
  void reinjectedAs(String queueId, long epochSecond) {
    if (pending.remove(queueId) != null) {
      recentlyClaimed.put(queueId, Boolean.TRUE);
      return;
    }
    if (recentlyClaimed.containsKey(queueId)) {
      return;
    }
    forgetOldHandoffs(epochSecond);
    handedOff.remove(queueId);
    handedOff.put(queueId, epochSecond);
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
    pending.put(reception.queueId(), reception);
    if (pending.size() > MAX_ENTRIES) {
      Iterator<Pending> oldest = pending.values().iterator();
      countNow.accept(oldest.next());
      oldest.remove();
    }
    return false;
  }

  /** Hands every pending reception older than the window to {@code count} as a real reception. */
  void expire(long nowEpochSecond, long lineNumber, Consumer<Pending> count) {
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (nowEpochSecond - p.epochSecond() <= WINDOW_SECONDS && lineNumber - p.lineNumber() <= WINDOW_LINES) {
        return;
      }
      count.accept(p);
      it.remove();
    }
  }

  private void forgetOldHandoffs(long nowEpochSecond) {
    Iterator<Long> oldest = handedOff.values().iterator();
    while (oldest.hasNext() && nowEpochSecond - oldest.next() > HANDOFF_MEMORY_SECONDS) {
      oldest.remove();
    }
  }

  HeldReceptions export() {
    java.util.List<HeldReceptions.Reception> held = new java.util.ArrayList<>();
    pending.values().forEach(p -> held.add(new HeldReceptions.Reception(p.queueId(), p.epochSecond(), p.syslogHost())));
    return new HeldReceptions(held, handedOff);
  }

  /** Restores saved state; held receptions count their look-ahead lines from {@code lineNumber}. */
  void restore(HeldReceptions saved, long lineNumber) {
    pending.clear();
    handedOff.clear();
    for (HeldReceptions.Reception r : saved.held()) {
      pending.put(r.queueId(), new Pending(r.queueId(), r.epochSecond(), r.syslogHost(), lineNumber));
    }
    saved.reinjectedAs().entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> handedOff.put(e.getKey(), e.getValue()));
  }

  /** End of input: nothing can claim the pending receptions any more. */
  void flush(Consumer<Pending> count) {
    pending.values().forEach(count);
    pending.clear();
  }

  int pendingCount() {
    return pending.size();
  }

  boolean isEmpty() {
    return pending.isEmpty() && handedOff.isEmpty();
  }

  Map<String, Long> handedOffView() {
    return java.util.Collections.unmodifiableMap(handedOff);
  }

  Map<String, Pending> pendingView() {
    return java.util.Collections.unmodifiableMap(pending);
  }
}
