package net.mailstat.queue;

/**
 * One queue at one sample: how many messages (queue files), their {@code message_size} summed in
 * bytes, and how old the oldest was then (seconds since its {@code arrival_time}; 0 for an empty
 * queue and for arrival times in the future).
 */
public record QueueTotals(long messages, long bytes, long oldestAgeSeconds) {
  public static final QueueTotals EMPTY = new QueueTotals(0, 0, 0);
}
