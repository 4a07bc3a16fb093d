package net.mailstat.rrd;

/** One legend line of a graph: messages in the range, and the average and maximum per minute. */
public record LegendLine(String label, double total, double averagePerMinute, double maxPerMinute) {}
