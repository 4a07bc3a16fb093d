package net.mailstat.web;

import java.util.LinkedHashMap;
import java.util.Map;
import net.mailstat.rrd.RenderedGraph;

/** Rendered graphs kept for a short while, so that a page of 16 graphs and its reloads are cheap. */
final class GraphCache {
  private static final int MAX_ENTRIES = 128;

  private record Entry(RenderedGraph graph, long expiresMillis) {}

  private final long ttlMillis;
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  GraphCache(long ttlMillis) {
    this.ttlMillis = ttlMillis;
  }

  synchronized RenderedGraph get(String key, long nowMillis) {
    Entry e = entries.get(key);
    if (e == null || e.expiresMillis <= nowMillis) {
      return null;
    }
    return e.graph;
  }

  synchronized void put(String key, RenderedGraph graph, long nowMillis) {
    if (ttlMillis > 0) {
      entries.put(key, new Entry(graph, nowMillis + ttlMillis));
    }
  }
}
