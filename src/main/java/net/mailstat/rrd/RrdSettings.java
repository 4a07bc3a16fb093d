package net.mailstat.rrd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the recorder writes: where ({@code files}), whether each syslog host also gets its own set,
 * how long a minute stays open for lines that arrive out of order ({@code grace}), how late a
 * line may be and still be counted in the oldest open minute ({@code lateLimit}), see docs/rrd.md;
 * and which of the three databases this process keeps ({@code databases}: mailgraph's
 * {@code --no-mail-rrd} and friends let two instances share one directory); in which program's
 * {@code format} new files are made and existing ones may be continued; and whether the
 * {@link FamilyDatabase}s are kept too ({@code families}: rejects by reason, TLS, queues; for all
 * hosts only, in rrd4j's format only).
 */
public record RrdSettings(RrdFiles files, boolean perHost, Duration grace, Duration lateLimit,
    Set<Database> databases, RrdFormat format, boolean families) {
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_LATE_LIMIT = Duration.ofMinutes(10);
  public static final Path DEFAULT_DIR = Path.of("/var/lib/mailstat/rrd");
  public static final String DEFAULT_NAME = "mailstat";

  public RrdSettings {
    if (grace.isNegative() || lateLimit.isNegative()) {
      throw new IllegalArgumentException("grace and late limit must not be negative");
    }
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("no database to keep");
    }
    if (families && format != RrdFormat.RRD4J) {
      throw new IllegalArgumentException("the detail and queue databases are kept in rrd4j's format only");
    }
    databases = Collections.unmodifiableSet(EnumSet.copyOf(databases));
  }

  /** Without the detail and queue databases. */
  public RrdSettings(RrdFiles files, boolean perHost, Duration grace, Duration lateLimit, Set<Database> databases,
      RrdFormat format) {
    this(files, perHost, grace, lateLimit, databases, format, false);
  }

  /** In rrd4j's format. */
  public RrdSettings(RrdFiles files, boolean perHost, Duration grace, Duration lateLimit, Set<Database> databases) {
    this(files, perHost, grace, lateLimit, databases, RrdFormat.RRD4J);
  }

  /** All three databases. */
  public RrdSettings(RrdFiles files, boolean perHost, Duration grace, Duration lateLimit) {
    this(files, perHost, grace, lateLimit, EnumSet.allOf(Database.class));
  }

  public static RrdSettings of(Path dir, String name, boolean perHost) {
    return new RrdSettings(new RrdFiles(dir, name), perHost, DEFAULT_GRACE, DEFAULT_LATE_LIMIT);
  }

  public RrdSettings withDatabases(Set<Database> kept) {
    return new RrdSettings(files, perHost, grace, lateLimit, kept, format, families);
  }

  public RrdSettings withFormat(RrdFormat kept) {
    return new RrdSettings(files, perHost, grace, lateLimit, databases, kept, families);
  }

  /** Also keeps the detail and queue databases ({@code run} and {@code demo}). */
  public RrdSettings withFamilies() {
    return new RrdSettings(files, perHost, grace, lateLimit, databases, format, true);
  }
}
