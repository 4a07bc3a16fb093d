package net.mailstat.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import net.mailstat.count.Category;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.count.EventSink;
import org.junit.jupiter.api.Test;

class RrdHandoffTest {
  /** A store whose writes hang until released, like a hung disk under the RRD directory. */
  private static final class BlockedStore implements EventSink {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicLong written = new AtomicLong();
    final List<Long> order = new ArrayList<>();

    @Override
    public void count(Category category, long epochSecond, String syslogHost, long n) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.addAndGet(n);
      synchronized (order) {
        order.add(epochSecond);
      }
    }
  }

  @Test
  void countingGoesOnWhileTheStoreHangsAndTheOverflowIsCountedAsDropped() {
    BlockedStore store = new BlockedStore();
    RrdHandoff handoff = new RrdHandoff(store, s -> {}, 100);
    long[] counted = new long[1];
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 10_000; i++) {
        handoff.count(Category.SENT, 1_700_000_000L + i, "mx", 1);
        counted[0]++;
      }
    });
    assertThat(counted[0]).isEqualTo(10_000);
    assertThat(handoff.dropped()).isGreaterThanOrEqualTo(10_000 - 101);
    store.release.countDown();
    handoff.close();
    assertThat(store.written.get() + handoff.dropped()).isEqualTo(10_000);
  }

  @Test
  void closeWritesEveryQueuedEventInOrderBeforeItReturns() {
    BlockedStore store = new BlockedStore();
    List<Long> marks = new ArrayList<>();
    RrdHandoff handoff = new RrdHandoff(store, s -> {
      synchronized (store.order) {
        marks.add((long) store.order.size());
      }
    }, 1000);
    for (int i = 0; i < 500; i++) {
      handoff.count(Category.RECEIVED, 1_700_000_000L + i, "mx", 2);
    }
    handoff.logCompleteUntil(1_700_001_000L);
    store.release.countDown();
    handoff.close();
    assertThat(store.written.get()).isEqualTo(1000);
    assertThat(handoff.dropped()).isZero();
    assertThat(store.order).isSorted().hasSize(500);
    assertThat(marks).containsExactly(500L);
    handoff.count(Category.SENT, 1_700_002_000L, "mx", 1);
    assertThat(store.written.get()).isEqualTo(1000);
  }

  @Test
  void detailsTravelWithTheCountsInOrderAndAreDroppedLikeThemWhenTheQueueIsFull() {
    List<String> seen = new ArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    EventSink target = new EventSink() {
      @Override
      public void count(Category category, long epochSecond, String syslogHost, long n) {
        await(release);
        seen.add(category.key() + " " + n);
      }

      @Override
      public void detail(DetailKey key, long epochSecond, String syslogHost, long n) {
        await(release);
        seen.add(key + " " + n);
      }
    };
    RrdHandoff handoff = new RrdHandoff(target, s -> {}, 3);
    DetailKey reason = new DetailKey(DetailFamily.REJECT, "relay-denied");
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      handoff.count(Category.REJECTED, 1_700_000_000L, "mx", 1);
      handoff.detail(reason, 1_700_000_000L, "mx", 1);
      for (int i = 0; i < 100; i++) {
        handoff.detail(reason, 1_700_000_001L, "mx", 2);
      }
    });
    assertThat(handoff.dropped()).isGreaterThanOrEqualTo(2 * (100 - 3));
    release.countDown();
    handoff.close();
    assertThat(seen.subList(0, 2)).containsExactly("rejected 1", "reject relay-denied 1");
    assertThat(2 + 2L * (seen.size() - 2) + handoff.dropped()).isEqualTo(2 + 200);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
