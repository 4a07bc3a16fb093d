package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.count.DelayHistogram;
import net.mailstat.count.DelayHistogram.Stage;
import net.mailstat.count.DetailKey;
import org.junit.jupiter.api.Test;

class DelayWindowTest {
  private final Map<DetailKey, Long> cumulative = new HashMap<>();
  private final DelayWindow window = new DelayWindow();

  /** Counts {@code n} more total delays in the bucket of {@code millis}. */
  private void deliver(long millis, long n) {
    cumulative.merge(DelayHistogram.bucketKey(Stage.TOTAL, DelayHistogram.bucketOf(millis)), n, Long::sum);
  }

  private AgentSnapshot.DelayRow total(long now) {
    List<AgentSnapshot.DelayRow> rows = window.update(cumulative, now);
    assertThat(rows).extracting(AgentSnapshot.DelayRow::stage).containsExactly(Stage.values());
    return rows.get(0);
  }

  @Test
  void onlyDeliveriesCountedSinceTheWindowsStartCount() {
    deliver(500, 1000); // counted before the agent looked: not in any window
    assertThat(total(1000).deliveries()).isZero();
    deliver(800, 10);
    AgentSnapshot.DelayRow r = total(1001);
    assertThat(r.deliveries()).isEqualTo(10);
    assertThat(r.maxMillis()).as("upper bound of the 0.5-1 s bucket").isEqualTo(1000);
    assertThat(r.medianMillis()).isEqualTo(750);
  }

  @Test
  void deliveriesLeaveTheWindowFiveMinutesLater() {
    total(1000);
    deliver(3000, 4);
    for (long t = 1010; t < 1300; t += 10) {
      assertThat(total(t).deliveries()).as("at %d", t).isEqualTo(4);
    }
    deliver(20, 1);
    assertThat(total(1320).deliveries()).as("the first four were counted before 1020").isEqualTo(1);
    assertThat(total(1700).deliveries()).isZero();
    assertThat(total(1700).medianMillis()).isZero();
  }

  @Test
  void percentilesFollowTheBuckets() {
    total(1000);
    deliver(40, 90);        // 0.01-0.05 s
    deliver(200_000, 10);   // 120-300 s
    AgentSnapshot.DelayRow r = total(1001);
    assertThat(r.deliveries()).isEqualTo(100);
    assertThat(r.medianMillis()).isBetween(10L, 50L);
    assertThat(r.p95Millis()).as("the rank falls half way into the 120-300 s bucket").isEqualTo(210_000);
    assertThat(r.maxMillis()).isEqualTo(300_000);
  }

  @Test
  void theOpenTopBucketReportsItsLowerBoundAndAClockGoingBackRestartsTheWindow() {
    total(1000);
    deliver(200_000_000, 1);
    assertThat(total(1001).maxMillis()).isEqualTo(86_400_000);
    assertThat(total(900).deliveries()).as("clock went back: a new window starts").isZero();
  }

  @Test
  void memoryStaysBoundedOverADayOfReadings() {
    int most = 0;
    for (long t = 0; t < 86_400; t += 1) {
      deliver(100, 1);
      total(t);
      most = Math.max(most, window.readings());
    }
    assertThat(most).isLessThanOrEqualTo((int) (DelayWindow.WINDOW_SECONDS / DelayWindow.STEP_SECONDS) + 2);
    assertThat(total(86_400).deliveries()).as("one a second, after the reading at the window's start")
        .isBetween(299L, 310L);
  }
}
