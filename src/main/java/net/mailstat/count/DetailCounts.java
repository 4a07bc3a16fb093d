package net.mailstat.count;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mutable running counts by {@link DetailKey}, owned by one thread like {@link Counters}; others
 * see them through {@link #snapshot()}.
 */
public final class DetailCounts {
  private final Map<DetailKey, long[]> values = new HashMap<>();

  public DetailCounts() {}

  public DetailCounts(Map<DetailKey, Long> start) {
    start.forEach((k, n) -> values.put(k, new long[] {n}));
  }

  /** Adds {@code n} (non-negative), saturating at {@link Long#MAX_VALUE}. */
  public void add(DetailKey key, long n) {
    long[] v = values.computeIfAbsent(key, k -> new long[1]);
    v[0] = Saturating.add(v[0], n);
  }

  public Map<DetailKey, Long> snapshot() {
    Map<DetailKey, Long> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, v[0]));
    return Collections.unmodifiableMap(out);
  }

  /** The sum of two snapshots, key by key (saturating). */
  public static Map<DetailKey, Long> plus(Map<DetailKey, Long> a, Map<DetailKey, Long> b) {
    Map<DetailKey, Long> out = new TreeMap<>(a);
    b.forEach((k, n) -> out.merge(k, n, Saturating::add));
    return Collections.unmodifiableMap(out);
  }
}
