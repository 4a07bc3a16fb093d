package net.mailstat.classify;

import java.util.List;
import java.util.Map;
import net.mailstat.count.Category;

/**
 * Why one log line counted what it counted ({@code mailstat explain}): the syslog envelope read,
 * each rule of its program's chain and why it did or did not match, the look-ahead decisions the
 * line took part in, and the counts it caused, for itself or for a line held back earlier.
 *
 * @param lineNumber 1-based, over everything explained by one {@link Explainer}; 0 for the end of input
 * @param syntax how the line read: {@code message}, {@code repeat}, {@code noise}, {@code invalid}
 *     (counted as unparsed), {@code other-host} (skipped by --host) or {@code end} (end of input)
 * @param envelope null unless the line has one
 * @param chain the program's rules ({@code chainProgram} null when no rule names the program)
 */
public record Explanation(
    long lineNumber,
    String line,
    String syntax,
    Envelope envelope,
    String chainProgram,
    List<Trial> chain,
    List<Decision> decisions,
    List<Counted> counted) {

  public Explanation {
    chain = List.copyOf(chain);
    decisions = List.copyOf(decisions);
    counted = List.copyOf(counted);
  }

  /** The syslog fields; {@code queueId} is null when the message names none. */
  public record Envelope(long epochSecond, String time, String host, String program, String queueId, String message) {}

  /** How a rule fared on the message. */
  public enum Verdict {
    MATCHED,
    /** A {@code has=}, {@code any=} or {@code not=} literal check failed; the regex was not run. */
    LITERAL_MISS,
    /** The literal checks passed, the pattern did not match. */
    PATTERN_MISS,
    /** An earlier rule matched and stopped the chain. */
    NOT_TRIED
  }

  /**
   * One rule of the chain: its outcome word ({@code sent}, {@code handoff}, {@code -}), the
   * verdict, the reason in words, and the named groups captured when it matched (by name).
   */
  public record Trial(String rule, String outcome, Verdict verdict, String reason, String pattern,
      Map<String, String> groups) {
    public Trial {
      groups = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(groups));
    }
  }

  /** A decision beyond the rules' matches. */
  public enum DecisionKind {
    /** The rule's peer is excluded by --ignore-localhost or --ignore-host. */
    IGNORED_PEER,
    /** The pattern marks the line as a content filter's re-injection. */
    REINJECTION_BY_PATTERN,
    /** A loopback reception an earlier hand-off named: a re-injection, not counted. */
    KNOWN_REINJECTION,
    /** A loopback reception held back: a re-injection if a hand-off names it, else received. */
    HELD,
    /** A delivery to loopback held back: a hand-off if {@code queueId} is received here, else a delivery. */
    HELD_DELIVERY,
    /** A hand-off to the content filter; the message comes back under {@code queueId}. */
    HANDOFF,
    /** This hand-off names the reception held at {@code otherLine}: settled as a re-injection. */
    SETTLES_AS_REINJECTION,
    /** The reception held at {@code otherLine} is counted as received now, for {@code reason}. */
    SETTLES_AS_RECEIVED,
    /** The delivery held at {@code otherLine} is counted now as what its agent says, for {@code reason}. */
    SETTLES_AS_DELIVERY,
    /** clamd's scan line held (a verdict of its host may report it), or a verdict waiting for its scan line. */
    HELD_SCAN,
    /** clamd's scan line and a clamd client's verdict of {@code otherLine}: one virus, the verdict's. */
    SCAN_PAIRED,
    /** clamd's scan line held at {@code otherLine} is counted now as virus: no verdict reported it. */
    SETTLES_AS_VIRUS,
    /** "last message repeated N times": the previous line's counts again. */
    REPEAT
  }

  /** {@code otherLine} is 0 when no other line is concerned. */
  public record Decision(DecisionKind kind, String queueId, long otherLine, String reason) {}

  /** {@code n} of {@code category}, caused by this line for the line {@code forLine}. */
  public record Counted(Category category, long n, long forLine) {}

  /** Every queue id the line names: the envelope's, the rules' groups' and the decisions'. */
  public boolean mentionsQueueId(String queueId) {
    if (envelope != null && queueId.equals(envelope.queueId())) {
      return true;
    }
    for (Trial t : chain) {
      if (t.verdict() == Verdict.MATCHED && t.groups().containsValue(queueId)) {
        return true;
      }
    }
    for (Decision d : decisions) {
      if (queueId.equals(d.queueId())) {
        return true;
      }
    }
    return false;
  }

  public boolean counts(Category category) {
    return counted.stream().anyMatch(c -> c.category() == category);
  }
}
