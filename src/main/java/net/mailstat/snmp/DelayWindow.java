package net.mailstat.snmp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.mailstat.count.DelayHistogram;
import net.mailstat.count.DetailKey;

/**
 * The delivery delays of the last {@link #WINDOW_SECONDS} seconds, out of the cumulative
 * histogram of detail family delay: the agent keeps a reading of the buckets every
 * {@link #STEP_SECONDS} seconds and serves, per stage, the deliveries counted since the reading of
 * the window's start, with their median, 95th percentile and maximum estimated from the buckets
 * (docs/oids.md). Bounded: at most WINDOW/STEP + 2 readings. Used by one thread.
 */
final class DelayWindow {
  static final long WINDOW_SECONDS = 300;
  static final long STEP_SECONDS = 10;

  private record Reading(long epochSecond, long[][] buckets) {}

  private final ArrayDeque<Reading> readings = new ArrayDeque<>();

  /** Takes the current cumulative counts at {@code nowEpochSecond}; returns one row per stage. */
  List<AgentSnapshot.DelayRow> update(Map<DetailKey, Long> cumulative, long nowEpochSecond) {
    long[][] now = bucketsOf(cumulative);
    Reading newest = readings.peekLast();
    if (newest != null && nowEpochSecond < newest.epochSecond()) {
      readings.clear(); // the clock went back: start the window again rather than guess
      newest = null;
    }
    if (newest == null || nowEpochSecond - newest.epochSecond() >= STEP_SECONDS) {
      readings.addLast(new Reading(nowEpochSecond, now));
    }
    // keep the newest reading at or before the window's start, and everything after it
    while (readings.size() > 1) {
      Iterator<Reading> it = readings.iterator();
      it.next();
      if (it.next().epochSecond() > nowEpochSecond - WINDOW_SECONDS) {
        break;
      }
      readings.removeFirst();
    }
    long[][] base = readings.peekFirst().buckets();
    List<AgentSnapshot.DelayRow> rows = new ArrayList<>();
    for (DelayHistogram.Stage stage : DelayHistogram.stages()) {
      long[] inWindow = new long[DelayHistogram.BUCKETS];
      for (int b = 0; b < inWindow.length; b++) {
        inWindow[b] = Math.max(0, now[stage.ordinal()][b] - base[stage.ordinal()][b]);
      }
      rows.add(row(stage, inWindow));
    }
    return rows;
  }

  /** How many readings are kept (for tests of the bound). */
  int readings() {
    return readings.size();
  }

  private static long[][] bucketsOf(Map<DetailKey, Long> cumulative) {
    long[][] out = new long[DelayHistogram.stages().size()][];
    for (DelayHistogram.Stage stage : DelayHistogram.stages()) {
      out[stage.ordinal()] = DelayHistogram.of(cumulative, stage).buckets();
    }
    return out;
  }

  static AgentSnapshot.DelayRow row(DelayHistogram.Stage stage, long[] buckets) {
    long count = 0;
    int highest = -1;
    for (int b = 0; b < buckets.length; b++) {
      count += buckets[b];
      if (buckets[b] > 0) {
        highest = b;
      }
    }
    if (count == 0) {
      return new AgentSnapshot.DelayRow(stage, 0, 0, 0, 0);
    }
    return new AgentSnapshot.DelayRow(stage, count, quantile(buckets, count, 0.5), quantile(buckets, count, 0.95),
        upper(highest));
  }

  /** As Prometheus' histogram_quantile: linear within the bucket the rank falls in. */
  private static long quantile(long[] buckets, long count, double q) {
    double rank = q * count;
    long before = 0;
    for (int b = 0; b < buckets.length; b++) {
      if (buckets[b] > 0 && before + buckets[b] >= rank) {
        long lower = b == 0 ? 0 : upper(b - 1);
        long upper = upper(b);
        return lower + Math.round((upper - lower) * ((rank - before) / buckets[b]));
      }
      before += buckets[b];
    }
    return upper(buckets.length - 1);
  }

  /** A bucket's upper bound in milliseconds; the open last bucket's is taken as its lower bound. */
  private static long upper(int bucket) {
    long bound = DelayHistogram.upperBoundMillis(bucket);
    return bound == Long.MAX_VALUE ? DelayHistogram.upperBoundMillis(bucket - 1) : bound;
  }
}
