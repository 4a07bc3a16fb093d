package net.mailstat.classify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.classify.Explanation.Counted;
import net.mailstat.classify.Explanation.Decision;
import net.mailstat.classify.Explanation.DecisionKind;
import net.mailstat.classify.Explanation.Trial;
import net.mailstat.classify.Explanation.Verdict;
import net.mailstat.count.Category;
import net.mailstat.count.DetailFamily;

/**
 * Explains lines one by one ({@code mailstat explain}). Each line goes through a real
 * {@link Classifier}, whose counts and look-ahead decisions are reported as they happen, so what
 * is printed is what is counted; the rule walk beside it (literal checks, pattern) repeats the
 * classifier's first half in words. Owned by one thread; lines must come in log order.
 */
public final class Explainer {
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
  /** Postfix's short (hex) and long queue ids at the start of a message. */
  private static final Pattern QUEUE_ID =
      Pattern.compile("^([0-9A-F]{6,12}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{12,20}): ");
  private static final int MAX_HELD = ReinjectionTracker.MAX_ENTRIES;

  private final ClassifierOptions options;
  private final Classifier classifier;
  private final ProgramRules programRules;
  private final SyslogLineParser parser;
  private final ParsedLine parsed = new ParsedLine();
  /** Held receptions' queue ids and line numbers, to name the held line when one is settled. */
  private final Map<String, Long> heldLines = new LinkedHashMap<>();

  private long lineNumber;
  private List<Decision> decisions = new ArrayList<>();
  private List<Counted> counted = new ArrayList<>();
  /** The line of a held reception or delivery being counted now (0: none); the next count is its. */
  private long releasingLine;
  private List<String> matchedByClassifier = new ArrayList<>();

  public Explainer(RuleSet rules, ClassifierOptions options) {
    this.options = options;
    this.classifier = new Classifier(rules, options, (category, epochSecond, host, n) -> {
      long forLine = releasingLine == 0 ? lineNumber : releasingLine;
      releasingLine = 0;
      counted.add(new Counted(category, n, forLine));
    });
    this.classifier.trace(new Listener());
    this.programRules = new ProgramRules(rules, options);
    this.parser = new SyslogLineParser(new Rfc3164Clock(options.zone(), options.clock(), options.startYear()));
  }

  /** Explains the next line of the log (without its line terminator). */
  public Explanation explain(String line) {
    return explain(line.getBytes(StandardCharsets.UTF_8));
  }

  /** Explains the next line of the log, as bytes (without its line terminator). */
  public Explanation explain(byte[] b) {
    String line = new String(b, StandardCharsets.UTF_8);
    lineNumber++;
    decisions = new ArrayList<>();
    counted = new ArrayList<>();
    matchedByClassifier = new ArrayList<>();
    classifier.line(b, 0, b.length);
    return describe(line, b);
  }

  /** The next line was longer than the reader's limit: counted as unparsed, unread. */
  public Explanation explainOverlong() {
    lineNumber++;
    decisions = new ArrayList<>();
    counted = new ArrayList<>();
    classifier.overlongLine();
    return new Explanation(lineNumber, "", "overlong", null, null, List.of(), decisions, counted);
  }

  /** End of input: the receptions still held are counted as received. */
  public Explanation finish() {
    decisions = new ArrayList<>();
    counted = new ArrayList<>();
    long last = lineNumber;
    lineNumber = 0;
    classifier.finish();
    lineNumber = last;
    return new Explanation(0, "", "end", null, null, List.of(), decisions, counted);
  }

  /** The rules the classifier itself matched on the last line (for tests of the rule walk). */
  List<String> matchedByClassifier() {
    return List.copyOf(matchedByClassifier);
  }

  private Explanation describe(String line, byte[] b) {
    SyslogLineParser.Kind kind = parser.parse(b, 0, b.length, parsed);
    if (kind == SyslogLineParser.Kind.INVALID || kind == SyslogLineParser.Kind.NOISE) {
      return new Explanation(lineNumber, line, kind == SyslogLineParser.Kind.INVALID ? "invalid" : "noise",
          null, null, List.of(), decisions, counted);
    }
    String host = parsed.host();
    boolean otherHost = options.onlyHost() != null && !options.onlyHost().matcher(host).matches();
    if (kind == SyslogLineParser.Kind.REPEAT) {
      Explanation.Envelope envelope = new Explanation.Envelope(parsed.epochSecond, time(parsed.epochSecond), host,
          null, null, null);
      if (!otherHost) {
        decisions.add(new Decision(DecisionKind.REPEAT, null, 0, parser.repeatCount() + " times"));
      }
      return new Explanation(lineNumber, line, otherHost ? "other-host" : "repeat", envelope, null, List.of(),
          decisions, counted);
    }
    String message = parsed.message();
    Matcher qid = QUEUE_ID.matcher(message);
    Explanation.Envelope envelope = new Explanation.Envelope(parsed.epochSecond, time(parsed.epochSecond), host,
        parsed.program(), qid.find() ? qid.group(1) : null, message);
    if (otherHost) {
      return new Explanation(lineNumber, line, "other-host", envelope, null, List.of(), decisions, counted);
    }
    CompiledRule[] chain = programRules.chainFor(b, parsed.programStart, parsed.programEnd);
    List<Trial> trials = chain == null ? List.of() : walk(chain, message);
    if (envelope.queueId() == null) {
      String fromRule = trials.stream().filter(t -> t.verdict() == Verdict.MATCHED)
          .map(t -> t.groups().get("qid")).filter(q -> q != null).findFirst().orElse(null);
      envelope = new Explanation.Envelope(envelope.epochSecond(), envelope.time(), host, envelope.program(),
          fromRule, message);
    }
    return new Explanation(lineNumber, line, "message", envelope,
        chain == null ? null : chainName(envelope.program()), trials, decisions, counted);
  }

  /** The classifier's rule loop, in words. */
  private static List<Trial> walk(CompiledRule[] chain, String message) {
    List<Trial> trials = new ArrayList<>();
    String stoppedBy = null;
    boolean rejected = false;
    java.util.Set<DetailFamily> decided = java.util.EnumSet.noneOf(DetailFamily.class);
    for (int i = 0; i < chain.length; i++) {
      CompiledRule rule = chain[i];
      Rule r = rule.rule;
      String outcome = outcomeWord(r.outcome());
      String pattern = r.pattern().pattern();
      boolean detail = rule.detail != null;
      if (stoppedBy != null && !detail) {
        trials.add(new Trial(r.name(), outcome, Verdict.NOT_TRIED, "rule " + stoppedBy + " matched first",
            pattern, Map.of()));
        continue;
      }
      String notTried = !detail ? null
          : decided.contains(rule.detail.family()) ? "a " + rule.detail.family().key() + " detail was counted already"
          : rule.detail.family() == DetailFamily.REJECT && !rejected ? "reject reasons are for lines counted rejected"
          : null;
      if (notTried != null) {
        trials.add(new Trial(r.name(), outcome, Verdict.NOT_TRIED, notTried, pattern, Map.of()));
        continue;
      }
      String literalMiss = i >= 63 ? null : literalMiss(r, message);
      if (literalMiss != null) {
        trials.add(new Trial(r.name(), outcome, Verdict.LITERAL_MISS, literalMiss, pattern, Map.of()));
        continue;
      }
      if (!rule.matches(message)) {
        trials.add(new Trial(r.name(), outcome, Verdict.PATTERN_MISS,
            "literal checks pass, the pattern does not match", pattern, Map.of()));
        continue;
      }
      Map<String, String> groups = new TreeMap<>();
      Matcher names = GROUP_NAME.matcher(pattern);
      while (names.find()) {
        String value = rule.group(names.group(1));
        if (value != null) {
          groups.put(names.group(1), value);
        }
      }
      trials.add(new Trial(r.name(), outcome, Verdict.MATCHED, detail ? "matched (a detail rule: the chain goes on)"
          : r.continueAfterMatch() ? "matched; continue: the chain goes on" : "matched", pattern, groups));
      if (detail) {
        decided.add(rule.detail.family());
      } else if (r.outcome() instanceof Outcome.Count c && c.category() == Category.REJECTED) {
        rejected = true;
        if (rule.reason != null) {
          decided.add(DetailFamily.REJECT);
        }
      }
      if (!r.continueAfterMatch() && !detail) {
        stoppedBy = r.name();
      }
    }
    return trials;
  }

  private static String literalMiss(Rule r, String message) {
    for (String has : r.has()) {
      if (!message.contains(has)) {
        return "has=\"" + has + "\" is not in the message";
      }
    }
    if (!r.any().isEmpty() && r.any().stream().noneMatch(message::contains)) {
      return "none of any=\"" + String.join("\",\"", r.any()) + "\" is in the message";
    }
    for (String not : r.not()) {
      if (message.contains(not)) {
        return "not=\"" + not + "\" is in the message";
      }
    }
    return null;
  }

  private static String outcomeWord(Outcome outcome) {
    if (outcome instanceof Outcome.Count c) {
      return c.category().key();
    }
    if (outcome instanceof Outcome.Detail d) {
      return d.family().key() + ":" + d.prefix() + (d.group() == null ? "" : "$" + d.group());
    }
    return outcome instanceof Outcome.Handoff ? "handoff" : "-";
  }

  private static String chainName(String program) {
    int first = program.indexOf('/');
    return program.startsWith("postfix") && first > 0 ? "postfix/" + program.substring(program.lastIndexOf('/') + 1)
        : program;
  }

  private String time(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).atZone(options.zone()).toOffsetDateTime().toString();
  }

  /** The classifier's decisions, as they happen, for the line being explained. */
  private final class Listener implements DecisionTrace {
    @Override
    public void matched(Rule rule) {
      matchedByClassifier.add(rule.name());
    }

    @Override
    public void ignoredPeer(Rule rule, String peer) {
      decisions.add(new Decision(DecisionKind.IGNORED_PEER, null, 0, "peer " + peer + " is ignored"));
    }

    @Override
    public void reinjectionByPattern(Rule rule) {
      decisions.add(new Decision(DecisionKind.REINJECTION_BY_PATTERN, null, 0,
          "rule " + rule.name() + " marks a content filter's re-injection"));
    }

    @Override
    public void loopbackReception(String queueId, boolean knownReinjection) {
      if (knownReinjection) {
        decisions.add(new Decision(DecisionKind.KNOWN_REINJECTION, queueId, 0,
            "an earlier hand-off said the message comes back as " + queueId));
        return;
      }
      decisions.add(new Decision(DecisionKind.HELD, queueId, 0,
          "loopback reception held: a re-injection if a hand-off names " + queueId + ", else received"));
      heldLines.remove(queueId);
      heldLines.put(queueId, lineNumber);
      if (heldLines.size() > MAX_HELD) {
        heldLines.remove(heldLines.keySet().iterator().next());
      }
    }

    @Override
    public void handoff(String newQueueId, boolean claimsHeldReception) {
      decisions.add(new Decision(DecisionKind.HANDOFF, newQueueId, 0,
          "handed to the content filter; comes back as " + newQueueId));
      if (claimsHeldReception) {
        Long held = heldLines.remove(newQueueId);
        decisions.add(new Decision(DecisionKind.SETTLES_AS_REINJECTION, newQueueId, held == null ? 0 : held,
            "the reception of " + newQueueId + " was this message coming back: not counted"));
      }
    }

    @Override
    public void deliveryHeld(String newQueueId, net.mailstat.count.Category unclaimed) {
      decisions.add(new Decision(DecisionKind.HELD_DELIVERY, newQueueId, 0, "loopback delivery held: a hand-off if "
          + newQueueId + " is received here, else " + unclaimed.key()));
    }

    @Override
    public void pipeReception(String queueId, PipeReinjections.Verdict verdict) {
      if (verdict == null) {
        decisions.add(new Decision(DecisionKind.HELD, queueId, 0,
            "pickup reception held until cleanup logs its message id (a pipe filter's re-injection?)"));
      } else if (verdict == PipeReinjections.Verdict.REINJECTION) {
        decisions.add(new Decision(DecisionKind.KNOWN_REINJECTION, queueId, 0,
            "a pipe delivery of the same message id was logged: " + queueId + " is its re-injection; not counted"));
      } else if (verdict == PipeReinjections.Verdict.WAIT) {
        decisions.add(new Decision(DecisionKind.HELD, queueId, 0,
            "another queue file has the same message id: held until its pipe delivery or removal"));
      }
    }

    @Override
    public void pipeDelivery(String queueId, boolean handoff) {
      decisions.add(handoff
          ? new Decision(DecisionKind.KNOWN_REINJECTION, queueId, 0,
              "its message came back through pickup: a hand-off to a pipe filter, not counted")
          : new Decision(DecisionKind.HELD_DELIVERY, queueId, 0,
              "pipe delivery held: a hand-off if the same message id is picked up within "
                  + HeldDeliveries.GRACE_SECONDS + " s, else delivered"));
    }

    @Override
    public void claimsHeldDelivery(String queueId) {
      decisions.add(new Decision(DecisionKind.KNOWN_REINJECTION, queueId, 0,
          "a held delivery named " + queueId + ": it was a hand-off, this its re-injection; neither is counted"));
    }

    @Override
    public void deliveryReleased(HeldDeliveries.Held delivery, Release why) {
      String reason = switch (why) {
        case END -> "end of input: " + delivery.newQueueId() + " was not received here";
        case OVERFLOW -> "too many held deliveries: the oldest is counted";
        default -> delivery.newQueueId() + " was not received here within "
            + HeldDeliveries.GRACE_SECONDS + " s: a real delivery";
      };
      decisions.add(new Decision(DecisionKind.SETTLES_AS_DELIVERY, delivery.newQueueId(), delivery.lineNumber(),
          reason));
      releasingLine = delivery.lineNumber();
    }

    @Override
    public void scanHeld(boolean verdict) {
      decisions.add(new Decision(DecisionKind.HELD_SCAN, null, 0, verdict
          ? "counted; clamd's line of this scan, if logged within " + HeldScans.GRACE_SECONDS
              + " s on this host, is not counted again"
          : "clamd's scan held: a clamav-milter or clamsmtpd verdict of this host within " + HeldScans.GRACE_SECONDS
              + " s reports it, else a virus"));
    }

    @Override
    public void scanPaired(HeldScans.Held other, boolean verdict) {
      decisions.add(new Decision(DecisionKind.SCAN_PAIRED, null, other.lineNumber(), verdict
          ? "reports clamd's scan held at line " + other.lineNumber() + ": one virus, this verdict's"
          : "the verdict at line " + other.lineNumber() + " reported this scan: one virus, counted there"));
    }

    @Override
    public void scanReleased(HeldScans.Held scan, Release why) {
      String reason = switch (why) {
        case END -> "end of input: no verdict reported this scan";
        case OVERFLOW -> "too many held scans: the oldest is counted";
        case QUIET -> "the log was read to its end and no verdict reported this scan";
        default -> "no verdict of its host within " + HeldScans.GRACE_SECONDS + " s: a virus";
      };
      decisions.add(new Decision(DecisionKind.SETTLES_AS_VIRUS, null, scan.lineNumber(), reason));
      releasingLine = scan.lineNumber();
    }

    @Override
    public void released(ReinjectionTracker.Pending reception, Release why) {
      heldLines.remove(reception.queueId());
      String reason = switch (why) {
        case FILTER -> reception.queueId() + " itself was handed to the content filter: an original message";
        case WINDOW -> "no hand-off named " + reception.queueId() + " within the look-ahead window";
        case OVERFLOW -> "too many held receptions: the oldest is counted";
        case END -> "end of input: no hand-off named " + reception.queueId();
        case GONE -> "cleanup rejected or discarded " + reception.queueId() + ": never queued, so no hand-off names it";
        case FINAL -> reception.queueId() + " was delivered or removed and no hand-off named it within "
            + ReinjectionTracker.FATE_GRACE_SECONDS + " s of log time";
        case QUIET -> "the log was read to its end and no hand-off named " + reception.queueId();
        case MESSAGE_ID -> "no pipe delivery shares the message id of " + reception.queueId() + ": new mail";
      };
      decisions.add(new Decision(DecisionKind.SETTLES_AS_RECEIVED, reception.queueId(), reception.lineNumber(),
          reason));
      releasingLine = reception.lineNumber();
    }
  }
}
