package net.mailstat.count;

import java.util.Arrays;
import java.util.List;

/**
 * How delivery delays are kept in detail family {@link DetailFamily#DELAY} (docs/details.md): for
 * each {@link Stage}, one label per bucket, {@code STAGE-bucket-BOUND}, counting the deliveries
 * whose delay is above the previous bound and at most BOUND seconds (the last bucket,
 * {@code -bucket-inf}, has no upper bound), and {@code STAGE-sum-ms}, their delays summed in
 * milliseconds. Buckets are not cumulative in the side file; exporters add them up. The bounds and
 * labels are persisted contracts: 5 stages x 17 buckets + 5 sums = 90 labels, inside the family
 * limit.
 */
public final class DelayHistogram {
  /** What Postfix's {@code delay=} and {@code delays=a/b/c/d} fields measure. */
  public enum Stage {
    /** {@code delay=}: from reception to this delivery. */
    TOTAL("total"),
    /** {@code a}: before the queue manager, including the message's reception. */
    BEFORE_QMGR("before-qmgr"),
    /** {@code b}: in the queue manager (waiting in the active and deferred queues). */
    IN_QMGR("in-qmgr"),
    /** {@code c}: connection setup, including DNS, HELO and TLS. */
    CONNECTION("connection"),
    /** {@code d}: message transmission. */
    TRANSMISSION("transmission");

    private final String key;

    Stage(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  private static final List<Stage> STAGES = List.of(Stage.values());

  /** Upper bounds of the closed buckets, in milliseconds. */
  private static final long[] BOUNDS_MILLIS = {
      10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 900_000, 3_600_000,
      86_400_000};

  public static final int BUCKETS = BOUNDS_MILLIS.length + 1;

  private static final DetailKey[][] BUCKET_KEYS = new DetailKey[STAGES.size()][BUCKETS];
  private static final DetailKey[] SUM_KEYS = new DetailKey[STAGES.size()];

  static {
    for (Stage stage : STAGES) {
      for (int b = 0; b < BUCKETS; b++) {
        BUCKET_KEYS[stage.ordinal()][b] = new DetailKey(DetailFamily.DELAY, stage.key() + "-bucket-" + boundText(b));
      }
      SUM_KEYS[stage.ordinal()] = new DetailKey(DetailFamily.DELAY, stage.key() + "-sum-ms");
    }
  }

  private DelayHistogram() {}

  public static List<Stage> stages() {
    return STAGES;
  }

  /** The bucket of a delay: the first whose bound is at least {@code millis}. */
  public static int bucketOf(long millis) {
    int at = Arrays.binarySearch(BOUNDS_MILLIS, millis);
    return at >= 0 ? at : -at - 1;
  }

  /** The bucket's upper bound in milliseconds; {@link Long#MAX_VALUE} for the open last one. */
  public static long upperBoundMillis(int bucket) {
    return bucket < BOUNDS_MILLIS.length ? BOUNDS_MILLIS[bucket] : Long.MAX_VALUE;
  }

  /** The bucket's upper bound in seconds as labels and Prometheus' {@code le} write it: 0.01, 1, 86400, inf. */
  public static String boundText(int bucket) {
    if (bucket >= BOUNDS_MILLIS.length) {
      return "inf";
    }
    long ms = BOUNDS_MILLIS[bucket];
    return ms % 1000 == 0 ? Long.toString(ms / 1000) : java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
  }

  public static DetailKey bucketKey(Stage stage, int bucket) {
    return BUCKET_KEYS[stage.ordinal()][bucket];
  }

  public static DetailKey sumKey(Stage stage) {
    return SUM_KEYS[stage.ordinal()];
  }

  /**
   * One stage's histogram out of a family's counts: {@code buckets[b]} deliveries in bucket b (not
   * cumulative) and their delays' sum in milliseconds.
   */
  public record Counts(long[] buckets, long sumMillis) {
    public long count() {
      long n = 0;
      for (long b : buckets) {
        n = Saturating.add(n, b);
      }
      return n;
    }
  }

  /** The histogram of {@code stage} in {@code details} (labels it does not hold count 0). */
  public static Counts of(java.util.Map<DetailKey, Long> details, Stage stage) {
    long[] buckets = new long[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      buckets[b] = details.getOrDefault(bucketKey(stage, b), 0L);
    }
    return new Counts(buckets, details.getOrDefault(sumKey(stage), 0L));
  }
}
