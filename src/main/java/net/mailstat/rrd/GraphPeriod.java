package net.mailstat.rrd;

import java.util.Optional;

/** mailgraph.cgi's four time ranges. */
public enum GraphPeriod {
  DAY("day", "Last Day", 86_400),
  WEEK("week", "Last Week", 7 * 86_400),
  MONTH("month", "Last Month", 31 * 86_400),
  YEAR("year", "Last Year", 365 * 86_400);

  private final String key;
  private final String title;
  private final long seconds;

  GraphPeriod(String key, String title, long seconds) {
    this.key = key;
    this.title = title;
    this.seconds = seconds;
  }

  public String key() {
    return key;
  }

  public String title() {
    return title;
  }

  public long seconds() {
    return seconds;
  }

  public static Optional<GraphPeriod> byKey(String key) {
    for (GraphPeriod p : values()) {
      if (p.key.equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
