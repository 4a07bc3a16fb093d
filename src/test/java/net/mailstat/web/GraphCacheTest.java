package net.mailstat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.mailstat.rrd.RenderedGraph;
import org.junit.jupiter.api.Test;

class GraphCacheTest {
  private static RenderedGraph graphOf(int bytes) {
    return new RenderedGraph(new byte[bytes], List.of());
  }

  @Test
  void theLeastRecentlyUsedGraphsLeaveWhenTheBytesBoundIsReached() {
    GraphCache cache = new GraphCache(60_000, 100, 3_000);
    cache.put("a", graphOf(1_000), 0);
    cache.put("b", graphOf(1_000), 0);
    cache.put("c", graphOf(1_000), 0);
    assertThat(cache.get("a", 1)).isNotNull();
    cache.put("d", graphOf(1_000), 0);
    assertThat(cache.get("b", 1)).as("least recently used").isNull();
    assertThat(cache.get("a", 1)).isNotNull();
    assertThat(cache.bytes()).isEqualTo(3_000);
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void theEntriesBoundHoldsForTinyGraphs() {
    GraphCache cache = new GraphCache(60_000, 10, 1L << 30);
    for (int i = 0; i < 1_000; i++) {
      cache.put("k" + i, graphOf(1), 0);
    }
    assertThat(cache.size()).isEqualTo(10);
    assertThat(cache.bytes()).isEqualTo(10);
  }

  @Test
  void aGraphLargerThanTheWholeBoundIsNotKeptAndExpiredOnesLeave() {
    GraphCache cache = new GraphCache(60_000, 10, 100);
    cache.put("huge", graphOf(101), 0);
    assertThat(cache.size()).isZero();
    cache.put("small", graphOf(10), 0);
    cache.put("small", graphOf(20), 0);
    assertThat(cache.bytes()).as("a replaced entry is not counted twice").isEqualTo(20);
    assertThat(cache.get("small", 60_000)).isNull();
    assertThat(cache.bytes()).isZero();
  }
}
