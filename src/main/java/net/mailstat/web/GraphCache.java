package net.mailstat.web;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import net.mailstat.rrd.RenderedGraph;

/**
 * Rendered graphs kept for a short while, so that a page of 16 graphs and its reloads are cheap.
 * Bounded both in entries and in PNG bytes, least recently used out first: a client asking for
 * ever new ranges and sizes evicts older graphs but cannot grow the heap.
 */
final class GraphCache {
  static final int MAX_ENTRIES = 256;
  static final long MAX_BYTES = 32L << 20;

  private record Entry(RenderedGraph graph, long expiresMillis) {}

  private final long ttlMillis;
  private final int maxEntries;
  private final long maxBytes;
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  GraphCache(long ttlMillis) {
    this(ttlMillis, MAX_ENTRIES, MAX_BYTES);
  }

  GraphCache(long ttlMillis, int maxEntries, long maxBytes) {
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  synchronized RenderedGraph get(String key, long nowMillis) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (e.expiresMillis <= nowMillis) {
      remove(key);
      return null;
    }
    return e.graph;
  }

  synchronized void put(String key, RenderedGraph graph, long nowMillis) {
    if (ttlMillis <= 0 || graph.png().length > maxBytes) {
      return;
    }
    remove(key);
    entries.put(key, new Entry(graph, nowMillis + ttlMillis));
    bytes += graph.png().length;
    Iterator<Entry> eldest = entries.values().iterator();
    while (entries.size() > maxEntries || bytes > maxBytes) {
      bytes -= eldest.next().graph.png().length;
      eldest.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long bytes() {
    return bytes;
  }

  private void remove(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      bytes -= old.graph.png().length;
    }
  }
}
