package net.mailstat.classify;

import net.mailstat.count.Category;
import net.mailstat.count.DetailKey;
import net.mailstat.count.Saturating;

/**
 * Remembers, per syslog host, what the last line counted, so that "last message repeated N times"
 * counts it N more times, as mailgraph does. Holds the {@link #HOSTS} most recent hosts; a repeat
 * notice for a host that has dropped out counts nothing.
 */
final class RepeatMemory {
  static final int HOSTS = 64;
  static final int EVENTS_PER_LINE = 4;

  private static final class Slot {
    String host = "";
    final Category[] categories = new Category[EVENTS_PER_LINE];
    final long[] counts = new long[EVENTS_PER_LINE];
    int events;
    final DetailKey[] details = new DetailKey[EVENTS_PER_LINE];
    final long[] detailCounts = new long[EVENTS_PER_LINE];
    int detailEvents;
  }

  private final Slot[] slots = new Slot[HOSTS];
  private int used;

  /** The slot for a host, moved to the front; created (evicting the oldest) if absent. */
  private Slot slotFor(String host) {
    for (int i = 0; i < used; i++) {
      Slot s = slots[i];
      if (s.host.equals(host)) {
        moveToFront(i);
        return s;
      }
    }
    Slot s = used < HOSTS ? new Slot() : slots[HOSTS - 1];
    if (used < HOSTS) {
      slots[used++] = s;
    }
    s.host = host;
    s.events = 0;
    s.detailEvents = 0;
    moveToFront(indexOf(s));
    return s;
  }

  private int indexOf(Slot s) {
    for (int i = 0; i < used; i++) {
      if (slots[i] == s) {
        return i;
      }
    }
    throw new IllegalStateException();
  }

  private void moveToFront(int i) {
    Slot s = slots[i];
    System.arraycopy(slots, 0, slots, 1, i);
    slots[0] = s;
  }

  /** Starts a new line from this host: forgets what its previous line counted. */
  void startLine(String host) {
    Slot s = slotFor(host);
    s.events = 0;
    s.detailEvents = 0;
  }

  /** Records an event of the line just started (the host is the front slot). */
  void record(Category category, long n) {
    Slot s = slots[0];
    if (s.events < EVENTS_PER_LINE) {
      s.categories[s.events] = category;
      s.counts[s.events] = n;
      s.events++;
    }
  }

  /** Records a detail of the line just started (after {@link #record}, on the same front slot). */
  void recordDetail(DetailKey key, long n) {
    Slot s = slots[0];
    if (s.detailEvents < EVENTS_PER_LINE) {
      s.details[s.detailEvents] = key;
      s.detailCounts[s.detailEvents] = n;
      s.detailEvents++;
    }
  }

  interface Replay {
    void count(Category category, long n);

    default void detail(DetailKey key, long n) {}
  }

  /** Replays the last line of this host {@code times} times. */
  void repeat(String host, int times, Replay replay) {
    for (int i = 0; i < used; i++) {
      Slot s = slots[i];
      if (s.host.equals(host)) {
        for (int e = 0; e < s.events; e++) {
          replay.count(s.categories[e], Saturating.multiply(s.counts[e], times));
        }
        for (int e = 0; e < s.detailEvents; e++) {
          replay.detail(s.details[e], Saturating.multiply(s.detailCounts[e], times));
        }
        return;
      }
    }
  }
}
