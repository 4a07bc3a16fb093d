package net.mailstat.check;

import java.util.Locale;
import java.util.StringJoiner;
import net.mailstat.count.Category;

/**
 * The plugin's answer: a status from the stat file's age and the rates against the thresholds,
 * and its one output line ({@code MAILSTAT STATUS - text | perfdata}). Performance data: the
 * per-minute rates under check_mailstat.pl's names (with the thresholds, as Nagios expects), and
 * the cumulative counters as {@code NAME_total} ("c", continuous counters).
 */
public record Verdict(Status status, String line) {
  public static Verdict of(Sample now, long ageSeconds, long warningAge, long criticalAge, Rates rates,
      Thresholds warning, Thresholds critical) {
    Status status = ageSeconds >= criticalAge ? Status.CRITICAL : ageSeconds >= warningAge ? Status.WARNING : Status.OK;
    StringJoiner text = new StringJoiner(", ");
    if (status != Status.OK) {
      text.add("stat file not updated for " + ageSeconds + " s");
    }
    StringJoiner perf = new StringJoiner(" ");
    if (rates instanceof Rates.PerMinute r) {
      Category crit = critical.exceeded(r.rates());
      Category warn = warning.exceeded(r.rates());
        if (crit != null) {
          status = status.worst(Status.CRITICAL);
          text.add(crit.key() + " " + rate(r.rates().get(crit)) + "/min > " + number(critical.limit(crit)));
        } else if (warn != null) {
          status = status.worst(Status.WARNING);
          text.add(warn.key() + " " + rate(r.rates().get(warn)) + "/min > " + number(warning.limit(warn)));
        }
        StringJoiner shown = new StringJoiner(" ");
        for (Category c : Rates.counters()) {
          double v = r.rates().get(c);
          shown.add(c.key() + ":" + rate(v));
          perf.add(c.key() + "=" + rate(v) + ";" + limit(warning.limit(c)) + ";" + limit(critical.limit(c)) + ";0;");
        }
        text.add(shown + " msgs/min over " + r.seconds() + " s");
    } else if (rates instanceof Rates.Reset r) {
      text.add("counters were reset (" + r.counter().key() + " " + r.from() + " -> " + r.to()
          + "): rates from the next run on");
    } else {
      text.add("no earlier run (at least 30 s ago) to measure against: rates from the next run on");
    }
    for (Category c : Category.all()) {
      perf.add(c.key() + "_total=" + now.counts().get(c) + "c");
    }
    return new Verdict(status, "MAILSTAT " + status + " - " + text + " | " + perf);
  }

  private static String rate(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static String limit(double v) {
    return v == 0 ? "" : number(v);
  }
}
