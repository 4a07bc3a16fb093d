package net.mailstat.web;

import java.util.Map;
import net.mailstat.count.DelayHistogram;
import net.mailstat.count.DetailKey;

/** The delivery-delay histogram on /metrics (docs/details.md); its name and labels are persisted contracts. */
final class DelayMetrics {
  static final String NAME = "mailstat_delivery_delay_seconds";
  static final String HELP = "Delays of counted deliveries (status=sent), from Postfix's delay= and delays= fields,"
      + " by stage.";

  private DelayMetrics() {}

  /** Every stage's histogram, cumulative buckets as Prometheus wants them, zeros included. */
  static void prometheus(StringBuilder text, Map<DetailKey, Long> details) {
    text.append("# HELP ").append(NAME).append(' ').append(HELP).append('\n');
    text.append("# TYPE ").append(NAME).append(" histogram\n");
    for (DelayHistogram.Stage stage : DelayHistogram.stages()) {
      DelayHistogram.Counts counts = DelayHistogram.of(details, stage);
      String labels = "stage=\"" + stage.key() + '"';
      long cumulative = 0;
      for (int b = 0; b < DelayHistogram.BUCKETS; b++) {
        cumulative = net.mailstat.count.Saturating.add(cumulative, counts.buckets()[b]);
        String le = b == DelayHistogram.BUCKETS - 1 ? "+Inf" : DelayHistogram.boundText(b);
        text.append(NAME).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ")
            .append(cumulative).append('\n');
      }
      text.append(NAME).append("_sum{").append(labels).append("} ")
          .append(java.math.BigDecimal.valueOf(counts.sumMillis(), 3).toPlainString()).append('\n');
      text.append(NAME).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
    }
  }
}
