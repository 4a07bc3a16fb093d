package net.mailstat.rrd;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the recorder writes: where ({@code files}), whether each syslog host also gets its own set,
 * how long a minute stays open for lines that arrive out of order ({@code grace}), and how late a
 * line may be and still be counted in the oldest open minute ({@code lateLimit}); see docs/rrd.md.
 */
public record RrdSettings(RrdFiles files, boolean perHost, Duration grace, Duration lateLimit) {
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_LATE_LIMIT = Duration.ofMinutes(10);
  public static final Path DEFAULT_DIR = Path.of("/var/lib/mailstat/rrd");
  public static final String DEFAULT_NAME = "mailstat";

  public RrdSettings {
    if (grace.isNegative() || lateLimit.isNegative()) {
      throw new IllegalArgumentException("grace and late limit must not be negative");
    }
  }

  public static RrdSettings of(Path dir, String name, boolean perHost) {
    return new RrdSettings(new RrdFiles(dir, name), perHost, DEFAULT_GRACE, DEFAULT_LATE_LIMIT);
  }
}
