package net.mailstat.count;

/** Receives classified events in log order. Called by the single thread that classifies. */
public interface EventSink {
  /**
   * {@code n} events of {@code category} happened at {@code epochSecond} (log time) on the mail
   * host {@code syslogHost}.
   */
  void count(Category category, long epochSecond, String syslogHost, long n);
}
