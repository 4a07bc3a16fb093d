package net.mailstat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.mailstat.json.Json;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.queue.QueueTotals;
import org.junit.jupiter.api.Test;

/** The queue gauges' names and shapes on /metrics and /api/counters (docs/queue.md). */
class QueueMetricsTest {
  private static final QueueSnapshot UP = new QueueSnapshot(1796365600L, Map.of(
      QueueName.DEFERRED, new QueueTotals(3, 5813, 105), QueueName.HOLD, new QueueTotals(1, 272, 105)), 2, null);
  private static final QueueSnapshot DOWN = new QueueSnapshot(1796365600L, Map.of(), 0,
      "postqueue: fatal: Queue report unavailable - mail system is down");

  private static String metrics(QueueSnapshot s) {
    StringBuilder text = new StringBuilder();
    QueueMetrics.prometheus(text, s);
    return text.toString();
  }

  private static String json(QueueSnapshot s) {
    Json json = new Json().beginObject();
    QueueMetrics.json(json, s);
    return json.endObject().toString();
  }

  @Test
  void anUpSampleHasEveryQueueInEveryGauge() {
    String text = metrics(UP);
    assertThat(text.lines().filter(l -> !l.startsWith("#"))).containsExactly(
        "mailstat_queue_up 1",
        "mailstat_queue_messages{queue=\"maildrop\"} 0",
        "mailstat_queue_messages{queue=\"incoming\"} 0",
        "mailstat_queue_messages{queue=\"active\"} 0",
        "mailstat_queue_messages{queue=\"deferred\"} 3",
        "mailstat_queue_messages{queue=\"hold\"} 1",
        "mailstat_queue_size_bytes{queue=\"maildrop\"} 0",
        "mailstat_queue_size_bytes{queue=\"incoming\"} 0",
        "mailstat_queue_size_bytes{queue=\"active\"} 0",
        "mailstat_queue_size_bytes{queue=\"deferred\"} 5813",
        "mailstat_queue_size_bytes{queue=\"hold\"} 272",
        "mailstat_queue_oldest_age_seconds{queue=\"maildrop\"} 0",
        "mailstat_queue_oldest_age_seconds{queue=\"incoming\"} 0",
        "mailstat_queue_oldest_age_seconds{queue=\"active\"} 0",
        "mailstat_queue_oldest_age_seconds{queue=\"deferred\"} 105",
        "mailstat_queue_oldest_age_seconds{queue=\"hold\"} 105",
        "mailstat_queue_unparsed_lines 2",
        "mailstat_queue_sample_timestamp_seconds 1796365600");
    assertThat(text).contains("# TYPE mailstat_queue_messages gauge\n")
        .contains("# TYPE mailstat_queue_oldest_age_seconds gauge\n");
  }

  @Test
  void anUnavailableSampleHasOnlyUpZeroAndNoSampleNothing() {
    assertThat(metrics(DOWN).lines().filter(l -> !l.startsWith("#"))).containsExactly("mailstat_queue_up 0");
    assertThat(metrics(null)).isEmpty();
    assertThat(json(DOWN)).isEqualTo("{\"queues\": {\"up\": false, \"sampled_at\": 1796365600, "
        + "\"reason\": \"postqueue: fatal: Queue report unavailable - mail system is down\"}}");
    assertThat(json(null)).isEqualTo("{}");
  }

  @Test
  void theJsonHasOneObjectPerQueue() {
    assertThat(json(UP)).isEqualTo("{\"queues\": {\"up\": true, \"sampled_at\": 1796365600, \"unparsed_lines\": 2, "
        + "\"maildrop\": {\"messages\": 0, \"size_bytes\": 0, \"oldest_age_seconds\": 0}, "
        + "\"incoming\": {\"messages\": 0, \"size_bytes\": 0, \"oldest_age_seconds\": 0}, "
        + "\"active\": {\"messages\": 0, \"size_bytes\": 0, \"oldest_age_seconds\": 0}, "
        + "\"deferred\": {\"messages\": 3, \"size_bytes\": 5813, \"oldest_age_seconds\": 105}, "
        + "\"hold\": {\"messages\": 1, \"size_bytes\": 272, \"oldest_age_seconds\": 105}}}");
  }
}
