package net.mailstat.count;

/** Receives classified events in log order. Called by the single thread that classifies. */
public interface EventSink {
  /**
   * {@code n} events of {@code category} happened at {@code epochSecond} (log time) on the mail
   * host {@code syslogHost}.
   */
  void count(Category category, long epochSecond, String syslogHost, long n);

  /**
   * {@code n} events of {@code key} (a statistic past the nine counters) at {@code epochSecond} on
   * {@code syslogHost}. A {@code rejected} count's reason follows that count. Ignored by default.
   */
  default void detail(DetailKey key, long epochSecond, String syslogHost, long n) {}
}
