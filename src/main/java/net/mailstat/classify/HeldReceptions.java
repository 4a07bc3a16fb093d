package net.mailstat.classify;

import java.util.List;

/**
 * The default mode's look-ahead state, saved with a source's checkpoint so that a restart neither
 * loses a held loopback reception nor mistakes a re-injection named before the crash for new mail:
 * the receptions held back, and the queue ids hand-offs said messages come back as.
 */
public record HeldReceptions(List<Reception> held, List<Reinjection> reinjectedAs) {
  public static final HeldReceptions NONE = new HeldReceptions(List.of(), List.of());

  public HeldReceptions {
    held = List.copyOf(held);
    reinjectedAs = List.copyOf(reinjectedAs);
  }

  /** A loopback reception held back: its queue id, log time and syslog host. */
  public record Reception(String queueId, long epochSecond, String syslogHost) {}

  /**
   * A hand-off that said the message comes back as {@code queueId}: its log time and syslog host
   * (null in checkpoints written before the host was saved).
   */
  public record Reinjection(String queueId, long epochSecond, String syslogHost) {}

  public boolean isEmpty() {
    return held.isEmpty() && reinjectedAs.isEmpty();
  }

  /** As text lines (for a checkpoint): {@code held QID EPOCH HOST} and {@code reinjected QID EPOCH [HOST]}. */
  public List<String> toLines() {
    List<String> lines = new java.util.ArrayList<>();
    held.forEach(r -> lines.add("held " + r.queueId() + " " + r.epochSecond() + " " + r.syslogHost()));
    reinjectedAs.forEach(r -> lines.add("reinjected " + r.queueId() + " " + r.epochSecond()
        + (r.syslogHost() == null ? "" : " " + r.syslogHost())));
    return lines;
  }

  /** Reads {@link #toLines()}'s output; throws {@link IllegalArgumentException} on anything else. */
  public static HeldReceptions fromLines(List<String> lines) {
    List<Reception> held = new java.util.ArrayList<>();
    List<Reinjection> reinjected = new java.util.ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f.length == 4 && f[0].equals("held")) {
        held.add(new Reception(f[1], Long.parseLong(f[2]), f[3]));
      } else if ((f.length == 3 || f.length == 4) && f[0].equals("reinjected")) {
        reinjected.add(new Reinjection(f[1], Long.parseLong(f[2]), f.length == 4 ? f[3] : null));
      } else {
        throw new IllegalArgumentException("bad look-ahead record '" + line + "'");
      }
    }
    return new HeldReceptions(held, reinjected);
  }
}
