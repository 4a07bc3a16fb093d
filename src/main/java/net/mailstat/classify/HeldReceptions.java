package net.mailstat.classify;

import java.util.List;

/**
 * The default mode's look-ahead state, saved with a source's checkpoint so that a restart neither
 * loses a held loopback reception nor mistakes a re-injection named before the crash for new mail:
 * the receptions held back, the queue ids hand-offs said messages come back as, and the loopback
 * deliveries held until it is known whether they were hand-offs, and clamd's scan lines and its
 * clients' verdicts waiting for each other.
 */
public record HeldReceptions(List<Reception> held, List<Reinjection> reinjectedAs, List<Delivery> deliveries,
    List<Reinjection> settled, List<Scan> scans, List<String> pipeLinks) {
  public static final HeldReceptions NONE = new HeldReceptions(List.of(), List.of(), List.of(), List.of());

  public HeldReceptions {
    held = List.copyOf(held);
    reinjectedAs = List.copyOf(reinjectedAs);
    deliveries = List.copyOf(deliveries);
    settled = List.copyOf(settled);
    scans = List.copyOf(scans);
    pipeLinks = List.copyOf(pipeLinks);
  }

  public HeldReceptions(List<Reception> held, List<Reinjection> reinjectedAs, List<Delivery> deliveries,
      List<Reinjection> settled, List<Scan> scans) {
    this(held, reinjectedAs, deliveries, settled, scans, List.of());
  }

  public HeldReceptions(List<Reception> held, List<Reinjection> reinjectedAs, List<Delivery> deliveries,
      List<Reinjection> settled) {
    this(held, reinjectedAs, deliveries, settled, List.of());
  }

  public HeldReceptions(List<Reception> held, List<Reinjection> reinjectedAs) {
    this(held, reinjectedAs, List.of(), List.of());
  }

  /** The same with {@code deliveries} in place of this one's. */
  public HeldReceptions withDeliveries(List<Delivery> deliveries) {
    return new HeldReceptions(held, reinjectedAs, deliveries, settled, scans, pipeLinks);
  }

  /** The same with {@code scans} in place of this one's. */
  public HeldReceptions withScans(List<Scan> scans) {
    return new HeldReceptions(held, reinjectedAs, deliveries, settled, scans, pipeLinks);
  }

  /** The same with the pipe filter's links ({@code pipe-*} lines of {@link PipeReinjections}) in place of this one's. */
  public HeldReceptions withPipeLinks(List<String> pipeLinks) {
    return new HeldReceptions(held, reinjectedAs, deliveries, settled, scans, pipeLinks);
  }

  /**
   * clamd's scan line held ({@code verdict} false: a virus unless a verdict of its host follows), or
   * a clamd client's verdict, already counted, waiting for its scan line (docs/counting.md).
   */
  public record Scan(boolean verdict, long epochSecond, String syslogHost) {}

  /** A loopback reception held back: its queue id, log time and syslog host. */
  public record Reception(String queueId, long epochSecond, String syslogHost) {}

  /**
   * A hand-off that said the message comes back as {@code queueId}: its log time and syslog host
   * (null in checkpoints written before the host was saved).
   */
  public record Reinjection(String queueId, long epochSecond, String syslogHost) {}

  /**
   * A loopback delivery whose reply named {@code newQueueId}, not (yet) received here: counted as
   * {@code category} unless that reception is logged.
   */
  public record Delivery(String newQueueId, net.mailstat.count.Category category, long count, long epochSecond,
      String syslogHost) {}

  public boolean isEmpty() {
    return held.isEmpty() && reinjectedAs.isEmpty() && deliveries.isEmpty() && settled.isEmpty()
        && scans.isEmpty() && pipeLinks.isEmpty();
  }

  /**
   * As text lines (for a checkpoint): {@code held QID EPOCH HOST}, {@code reinjected QID EPOCH
   * [HOST]}, {@code delivery NEWQID CATEGORY N EPOCH HOST} and {@code settled QID EPOCH HOST} (a
   * reception settled recently: a delivery naming it was a hand-off), {@code scan EPOCH HOST} and
   * {@code verdict EPOCH HOST} (clamd's scan line held, a clamd client's verdict waiting for it),
   * and the pipe filter's {@code pipe-*} lines ({@link PipeReinjections#toLines()}).
   */
  public List<String> toLines() {
    List<String> lines = new java.util.ArrayList<>();
    held.forEach(r -> lines.add("held " + r.queueId() + " " + r.epochSecond() + " " + r.syslogHost()));
    reinjectedAs.forEach(r -> lines.add("reinjected " + r.queueId() + " " + r.epochSecond()
        + (r.syslogHost() == null ? "" : " " + r.syslogHost())));
    deliveries.forEach(d -> lines.add("delivery " + d.newQueueId() + " " + d.category().key() + " " + d.count()
        + " " + d.epochSecond() + " " + d.syslogHost()));
    settled.forEach(r -> lines.add("settled " + r.queueId() + " " + r.epochSecond() + " " + r.syslogHost()));
    scans.forEach(c -> lines.add((c.verdict() ? "verdict " : "scan ") + c.epochSecond() + " " + c.syslogHost()));
    lines.addAll(pipeLinks);
    return lines;
  }

  /** Reads {@link #toLines()}'s output; throws {@link IllegalArgumentException} on anything else. */
  public static HeldReceptions fromLines(List<String> lines) {
    List<Reception> held = new java.util.ArrayList<>();
    List<Reinjection> reinjected = new java.util.ArrayList<>();
    List<Delivery> deliveries = new java.util.ArrayList<>();
    List<Reinjection> settled = new java.util.ArrayList<>();
    List<Scan> scans = new java.util.ArrayList<>();
    List<String> pipeLinks = new java.util.ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f[0].startsWith("pipe-")) {
        pipeLinks.add(line); // checked when PipeReinjections restores them
      } else if (f.length == 4 && f[0].equals("held")) {
        held.add(new Reception(f[1], Long.parseLong(f[2]), f[3]));
      } else if ((f.length == 3 || f.length == 4) && f[0].equals("reinjected")) {
        reinjected.add(new Reinjection(f[1], Long.parseLong(f[2]), f.length == 4 ? f[3] : null));
      } else if (f.length == 6 && f[0].equals("delivery")) {
        net.mailstat.count.Category category = net.mailstat.count.Category.byKey(f[2])
            .orElseThrow(() -> new IllegalArgumentException("bad category in look-ahead record '" + line + "'"));
        long count = Long.parseLong(f[3]);
        if (count < 1 || count > HeldDeliveries.MAX_ENTRIES) {
          throw new IllegalArgumentException("bad count in look-ahead record '" + line + "'");
        }
        deliveries.add(new Delivery(f[1], category, count, Long.parseLong(f[4]), f[5]));
      } else if (f.length == 4 && f[0].equals("settled")) {
        settled.add(new Reinjection(f[1], Long.parseLong(f[2]), f[3]));
      } else if (f.length == 3 && (f[0].equals("scan") || f[0].equals("verdict"))) {
        scans.add(new Scan(f[0].equals("verdict"), Long.parseLong(f[1]), f[2]));
      } else {
        throw new IllegalArgumentException("bad look-ahead record '" + line + "'");
      }
    }
    return new HeldReceptions(held, reinjected, deliveries, settled, scans, pipeLinks);
  }
}
