package net.mailstat.source;

import java.time.Duration;

/**
 * How a file is followed. {@code pollInterval}: how often an idle file is checked for new lines
 * and rotation. {@code backfill}: with no saved position, first read the rotated history, oldest
 * first; otherwise a first start begins at the end of the file, like {@code tail -F}.
 */
public record FollowSettings(Duration pollInterval, int maxLineBytes, boolean backfill) {
  public static FollowSettings defaults() {
    return new FollowSettings(Duration.ofMillis(100), LineSplitter.DEFAULT_MAX_LINE_BYTES, false);
  }
}
