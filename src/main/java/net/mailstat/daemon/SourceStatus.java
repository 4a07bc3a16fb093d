package net.mailstat.daemon;

import net.mailstat.line.SourcePosition;

/**
 * How one source is doing: when it last delivered a line (0: never), its current trouble, the
 * position it has read to (null before it has one) and the log time it has read to (0: none).
 */
public record SourceStatus(String sourceId, long lastLineMillis, String trouble, SourcePosition position,
    long lastLogSecond) {}
