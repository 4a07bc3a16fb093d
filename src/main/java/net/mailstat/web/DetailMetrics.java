package net.mailstat.web;

import net.mailstat.count.DetailFamily;

/** The Prometheus names of the detail families on /metrics (docs/details.md); persisted contracts. */
final class DetailMetrics {
  private DetailMetrics() {}

  static String name(DetailFamily family) {
    return switch (family) {
      case REJECT -> "mailstat_rejects_total";
      case DEFERRAL -> "mailstat_deferrals_total";
    };
  }

  static String help(DetailFamily family) {
    return switch (family) {
      case REJECT -> "Counted rejects by reason (each counted rejected event has one reason).";
      case DEFERRAL -> "Deferred delivery attempts (status=deferred) by reason.";
    };
  }
}
