package net.mailstat.cli;

import java.io.PrintWriter;
import java.util.stream.Collectors;
import net.mailstat.classify.Explanation;
import net.mailstat.classify.Explanation.Counted;
import net.mailstat.classify.Explanation.Decision;
import net.mailstat.classify.Explanation.Trial;

/** {@code mailstat explain}'s text: one block per line explained. */
final class ExplanationText {
  private ExplanationText() {}

  static void print(PrintWriter out, Explanation e) {
    if (e.lineNumber() == 0) {
      out.println("end of input:");
    } else {
      out.println("line " + e.lineNumber() + ": " + e.line());
    }
    switch (e.syntax()) {
      case "invalid" -> out.println("  not a syslog line: counted as unparsed");
      case "overlong" -> out.println("  longer than --max-line-bytes: skipped, counted as unparsed");
      case "noise" -> out.println("  syslog noise (MARK, ...): ignored");
      case "other-host" -> out.println("  syslog host " + e.envelope().host() + " does not match --host: ignored");
      default -> { }
    }
    Explanation.Envelope env = e.envelope();
    if (env != null && !e.syntax().equals("other-host")) {
      out.println("  envelope: time " + env.time() + ", host " + env.host()
          + (env.program() == null ? "" : ", program " + env.program())
          + (env.queueId() == null ? "" : ", queue id " + env.queueId()));
    }
    if (e.syntax().equals("message")) {
      if (e.chainProgram() == null) {
        out.println("  no rule names program " + env.program() + ": ignored");
      } else {
        out.println("  rules for " + e.chainProgram() + ":");
        int width = e.chain().stream().mapToInt(t -> t.rule().length()).max().orElse(0);
        for (Trial t : e.chain()) {
          out.printf("    %-" + width + "s  %-10s %s%n", t.rule(), t.outcome(), verdict(t));
        }
      }
    }
    for (Decision d : e.decisions()) {
      out.println("  decision: " + decision(d));
    }
    if (e.counted().isEmpty()) {
      if (e.lineNumber() != 0) {
        out.println("  counts: nothing");
      }
    } else {
      out.println("  counts: " + e.counted().stream().map(c -> count(c, e.lineNumber()))
          .collect(Collectors.joining(", ")));
    }
  }

  private static String verdict(Trial t) {
    return switch (t.verdict()) {
      case MATCHED -> "MATCHED" + (t.groups().isEmpty() ? "" : " " + t.groups())
          + (t.reason().equals("matched") ? "" : "; " + t.reason().substring("matched; ".length()));
      case LITERAL_MISS -> "no: " + t.reason();
      case PATTERN_MISS -> "no: " + t.reason() + ": /" + t.pattern() + "/";
      case NOT_TRIED -> "not tried: " + t.reason();
    };
  }

  private static String decision(Decision d) {
    String what = switch (d.kind()) {
      case IGNORED_PEER -> "ignored peer";
      case REINJECTION_BY_PATTERN -> "re-injection";
      case KNOWN_REINJECTION -> "re-injection, not counted";
      case HELD -> "held as a possible re-injection";
      case HELD_DELIVERY -> "held as a possible hand-off";
      case HANDOFF -> "hand-off";
      case SETTLES_AS_REINJECTION -> "settles line " + d.otherLine() + " as a re-injection";
      case SETTLES_AS_RECEIVED -> "settles line " + d.otherLine() + " as received";
      case SETTLES_AS_DELIVERY -> "settles line " + d.otherLine() + " as a delivery";
      case HELD_SCAN -> "held to pair clamd's scan with its client's verdict";
      case SCAN_PAIRED -> "pairs with line " + d.otherLine() + ": one virus";
      case SETTLES_AS_VIRUS -> "settles line " + d.otherLine() + " as a virus";
      case REPEAT -> "repeat of the previous line";
    };
    return what + ": " + d.reason();
  }

  private static String count(Counted c, long line) {
    return c.category().key() + " " + c.n() + (c.forLine() == line ? "" : " (for line " + c.forLine() + ")");
  }
}
