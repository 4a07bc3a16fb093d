package net.mailstat.check;

import net.mailstat.count.CounterSnapshot;

/** The counters a check run saw, and when (epoch milliseconds). */
public record Sample(long epochMillis, CounterSnapshot counts) {}
