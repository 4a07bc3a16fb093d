package net.mailstat.state;

import net.mailstat.line.SourcePosition;

/**
 * Where a source removed from the configuration had been counted up to, kept for
 * {@link Checkpoint#RETIRED_POSITION_SECONDS} so that adding it back resumes there instead of
 * counting the log again from byte 0. Its counts went into the checkpoint's base when it was
 * removed.
 */
public record RetiredSource(String sourceId, SourcePosition position, long retiredEpochSecond) {}
