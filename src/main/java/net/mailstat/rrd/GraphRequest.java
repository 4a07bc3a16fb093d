package net.mailstat.rrd;

/**
 * One graph to draw: which, for all hosts ({@code hostKey} null) or one host, over
 * {@code [start, end]} (epoch seconds), with a plot area of {@code width x height} pixels.
 */
public record GraphRequest(GraphKind kind, String hostKey, long start, long end, int width, int height) {
  public static final int DEFAULT_WIDTH = 540;
  public static final int MIN_WIDTH = 100;
  public static final int MAX_WIDTH = 2000;
  public static final int MIN_HEIGHT = 50;
  public static final int MAX_HEIGHT = 1000;
  public static final long MIN_RANGE_SECONDS = 600;
  public static final long MAX_RANGE_SECONDS = 10L * 366 * 86_400;
  /** mailgraph.cgi draws three pixels per consolidated value. */
  private static final int PIXELS_PER_SAMPLE = 3;

  public GraphRequest {
    if (width < MIN_WIDTH || width > MAX_WIDTH) {
      throw new IllegalArgumentException("width must be " + MIN_WIDTH + ".." + MAX_WIDTH);
    }
    if (height < MIN_HEIGHT || height > MAX_HEIGHT) {
      throw new IllegalArgumentException("height must be " + MIN_HEIGHT + ".." + MAX_HEIGHT);
    }
    long range = end - start;
    if (range < MIN_RANGE_SECONDS || range > MAX_RANGE_SECONDS) {
      throw new IllegalArgumentException("time range must be 10 minutes to 10 years");
    }
    if (hostKey != null && !RrdFiles.isHostKey(hostKey)) {
      throw new IllegalArgumentException("bad host");
    }
  }

  /**
   * mailgraph.cgi's graph of a period ending now: the end is aligned to the consolidation step so
   * that the archive of that resolution is chosen and the legend totals add up.
   */
  public static GraphRequest of(GraphKind kind, String hostKey, GraphPeriod period, long now, int width, int height) {
    long step = Math.max(Database.STEP, period.seconds() * PIXELS_PER_SAMPLE / DEFAULT_WIDTH);
    long end = now - Math.floorMod(now, step);
    return new GraphRequest(kind, hostKey, end - period.seconds(), end, width, height);
  }

  long step() {
    return Math.max(Database.STEP, (end - start) * PIXELS_PER_SAMPLE / width);
  }
}
