package net.mailstat.count;

/**
 * How many log lines were read, and how many of them could not be read as syslog at all
 * ({@code unparsed}, which includes the {@code overlong} lines skipped for exceeding the limit).
 */
public record LineCounts(long lines, long unparsed, long overlong) {
  public static final LineCounts ZERO = new LineCounts(0, 0, 0);

  /** The sums, saturating at {@link Long#MAX_VALUE}. */
  public LineCounts plus(LineCounts other) {
    return new LineCounts(Saturating.add(lines, other.lines), Saturating.add(unparsed, other.unparsed),
        Saturating.add(overlong, other.overlong));
  }
}
