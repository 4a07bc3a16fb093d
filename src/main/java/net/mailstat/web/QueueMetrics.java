package net.mailstat.web;

import java.util.function.ToLongFunction;
import net.mailstat.json.Json;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.queue.QueueTotals;

/**
 * The Postfix queue gauges on /metrics and /api/counters (docs/queue.md; the names are contracts).
 * No snapshot (no sampler in this process, or none yet): nothing. An unavailable one: only
 * {@code mailstat_queue_up 0}, never gauges of 0 that would read as empty queues.
 */
final class QueueMetrics {
  private QueueMetrics() {}

  private record Gauge(String name, String help, ToLongFunction<QueueTotals> value) {}

  private static final Gauge[] GAUGES = {
      new Gauge("mailstat_queue_messages", "Messages in the Postfix queue at the last sample.", QueueTotals::messages),
      new Gauge("mailstat_queue_size_bytes", "Sum of message_size of the messages in the Postfix queue.",
          QueueTotals::bytes),
      new Gauge("mailstat_queue_oldest_age_seconds", "Age of the oldest message in the Postfix queue (0 when empty).",
          QueueTotals::oldestAgeSeconds),
  };

  static void prometheus(StringBuilder text, QueueSnapshot s) {
    if (s == null) {
      return;
    }
    gauge(text, "mailstat_queue_up", "1 when the last postqueue run worked, 0 when the queues were unavailable.")
        .append("mailstat_queue_up ").append(s.up() ? 1 : 0).append('\n');
    if (!s.up()) {
      return;
    }
    for (Gauge g : GAUGES) {
      gauge(text, g.name(), g.help());
      for (QueueName q : QueueName.values()) {
        text.append(g.name()).append("{queue=\"").append(q.key()).append("\"} ")
            .append(g.value().applyAsLong(s.totals(q))).append('\n');
      }
    }
    gauge(text, "mailstat_queue_unparsed_lines", "Lines of the last postqueue output that were not a queue entry.")
        .append("mailstat_queue_unparsed_lines ").append(s.unparsedLines()).append('\n');
    gauge(text, "mailstat_queue_sample_timestamp_seconds", "When the queues were last sampled (Unix time).")
        .append("mailstat_queue_sample_timestamp_seconds ").append(s.epochSecond()).append('\n');
  }

  private static StringBuilder gauge(StringBuilder text, String name, String help) {
    return text.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n");
  }

  /** {@code "queues": {"up": true, "sampled_at": T, "unparsed_lines": 0, "deferred": {...}, ...}}, or nothing. */
  static void json(Json json, QueueSnapshot s) {
    if (s == null) {
      return;
    }
    json.name("queues").beginObject().field("up", s.up()).field("sampled_at", s.epochSecond());
    if (!s.up()) {
      json.field("reason", s.reason()).endObject();
      return;
    }
    json.field("unparsed_lines", s.unparsedLines());
    for (QueueName q : QueueName.values()) {
      QueueTotals t = s.totals(q);
      json.name(q.key()).beginObject().field("messages", t.messages()).field("size_bytes", t.bytes())
          .field("oldest_age_seconds", t.oldestAgeSeconds()).endObject();
    }
    json.endObject();
  }
}
