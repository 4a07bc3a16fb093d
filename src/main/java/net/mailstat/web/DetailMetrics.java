package net.mailstat.web;

import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;

/** The Prometheus names and labels of the detail families on /metrics (docs/details.md); persisted contracts. */
final class DetailMetrics {
  private DetailMetrics() {}

  static String name(DetailFamily family) {
    return switch (family) {
      case REJECT -> "mailstat_rejects_total";
      case DEFERRAL -> "mailstat_deferrals_total";
      case POSTSCREEN -> "mailstat_postscreen_actions_total";
      case TLS -> "mailstat_tls_connections_total";
      case SASL -> "mailstat_sasl_failures_total";
      case SPF -> "mailstat_spf_results_total";
      case DKIM -> "mailstat_dkim_results_total";
      case DMARC -> "mailstat_dmarc_results_total";
      case DELAY -> DelayMetrics.NAME;
    };
  }

  static String help(DetailFamily family) {
    return switch (family) {
      case REJECT -> "Counted rejects by reason (each counted rejected event has one reason).";
      case DEFERRAL -> "Deferred delivery attempts (status=deferred) by reason.";
      case POSTSCREEN -> "postscreen verdicts by action (PASS NEW, PREGREET, DNSBL, ...).";
      case TLS -> "TLS connections established, by direction and trust level.";
      case SASL -> "SASL authentication failures by mechanism.";
      case SPF -> "SPF results of the SPF policy daemon.";
      case DKIM -> "DKIM results of OpenDKIM (verifications, and signatures added).";
      case DMARC -> "DMARC results of OpenDMARC.";
      case DELAY -> DelayMetrics.HELP;
    };
  }

  /**
   * The label set of one row, without braces. A TLS label {@code DIRECTION-TRUST} becomes two
   * labels; one without a dash (such as {@code other}) names both.
   */
  static String labels(DetailKey key) {
    String label = key.label();
    return switch (key.family()) {
      case REJECT, DEFERRAL -> "reason=\"" + label + '"';
      case POSTSCREEN -> "action=\"" + label + '"';
      case TLS -> {
        int dash = label.indexOf('-');
        String direction = dash < 0 ? label : label.substring(0, dash);
        String trust = dash < 0 ? label : label.substring(dash + 1);
        yield "direction=\"" + direction + "\",trust=\"" + trust + '"';
      }
      case SASL -> "method=\"" + label + '"';
      case SPF, DKIM, DMARC -> "result=\"" + label + '"';
      case DELAY -> "label=\"" + label + '"';
    };
  }
}
