package net.mailstat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.mailstat.count.DelayHistogram;
import org.junit.jupiter.api.Test;

class DelayMetricsTest {
  @Test
  void bucketsAreCumulativeWithSumInSecondsAndCountAndEveryStageIsThere() {
    StringBuilder text = new StringBuilder();
    DelayMetrics.prometheus(text, Map.of(
        DelayHistogram.bucketKey(DelayHistogram.Stage.TOTAL, 1), 2L,
        DelayHistogram.bucketKey(DelayHistogram.Stage.TOTAL, 6), 1L,
        DelayHistogram.bucketKey(DelayHistogram.Stage.TOTAL, DelayHistogram.BUCKETS - 1), 1L,
        DelayHistogram.sumKey(DelayHistogram.Stage.TOTAL), 90_001_240L));
    String out = text.toString();
    assertThat(out).contains("# TYPE mailstat_delivery_delay_seconds histogram\n")
        .contains("mailstat_delivery_delay_seconds_bucket{stage=\"total\",le=\"0.01\"} 0\n")
        .contains("mailstat_delivery_delay_seconds_bucket{stage=\"total\",le=\"0.05\"} 2\n")
        .contains("mailstat_delivery_delay_seconds_bucket{stage=\"total\",le=\"1\"} 2\n")
        .contains("mailstat_delivery_delay_seconds_bucket{stage=\"total\",le=\"2.5\"} 3\n")
        .contains("mailstat_delivery_delay_seconds_bucket{stage=\"total\",le=\"86400\"} 3\n")
        .contains("mailstat_delivery_delay_seconds_bucket{stage=\"total\",le=\"+Inf\"} 4\n")
        .contains("mailstat_delivery_delay_seconds_sum{stage=\"total\"} 90001.240\n")
        .contains("mailstat_delivery_delay_seconds_count{stage=\"total\"} 4\n")
        .contains("mailstat_delivery_delay_seconds_count{stage=\"transmission\"} 0\n");
    assertThat(out.lines().filter(l -> l.startsWith("mailstat_delivery_delay_seconds_bucket{stage=\"connection\"")))
        .hasSize(DelayHistogram.BUCKETS);
  }
}
