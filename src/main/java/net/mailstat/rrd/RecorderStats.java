package net.mailstat.rrd;

/**
 * What the recorder did with the events it was given (all hosts together). {@code shifted}: late
 * events counted in the oldest open minute; {@code dropped}: events older than the late limit
 * (already in the database, or too old to place); {@code future}: events stamped too far ahead of
 * the clock, counted in the current minute; {@code writeErrors}: failed database updates.
 */
public record RecorderStats(long recorded, long shifted, long dropped, long future, long minutesWritten,
    long writeErrors) {}
