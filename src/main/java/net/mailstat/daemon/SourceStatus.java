package net.mailstat.daemon;

/** How one source is doing: when it last delivered a line (0: never) and its current trouble. */
public record SourceStatus(String sourceId, long lastLineMillis, String trouble) {}
