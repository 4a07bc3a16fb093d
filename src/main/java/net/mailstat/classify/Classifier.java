package net.mailstat.classify;

import java.nio.charset.StandardCharsets;
import net.mailstat.count.Category;
import net.mailstat.count.EventSink;
import net.mailstat.count.LineCounts;
import net.mailstat.line.LineSink;

/**
 * Turns log lines into counted events. Owned by one thread. For each line: read the syslog
 * envelope, find the rule chain of its program, try the rules in order (cheap literal checks
 * first, then the regex), and report the outcome to the {@link EventSink}.
 */
public final class Classifier implements LineSink {
  private static final byte[] LOCALHOST = "localhost".getBytes(StandardCharsets.ISO_8859_1);

  private final ClassifierOptions options;
  private final ProgramRules programRules;
  private final SyslogLineParser parser;
  private final PeerFilter peers;
  private final ReinjectionTracker reinjections = new ReinjectionTracker();
  private final RepeatMemory repeats = new RepeatMemory();
  private final EventSink sink;
  private final ParsedLine parsed = new ParsedLine();
  private final MessageView hostView = new MessageView();
  private final Literals.Scan literalScan;

  private long lines;
  private long unparsed;
  private long overlong;
  private long lastEpochSecond;

  public Classifier(RuleSet rules, ClassifierOptions options, EventSink sink) {
    this.options = options;
    this.programRules = new ProgramRules(rules, options);
    this.literalScan = programRules.newScan();
    this.parser = new SyslogLineParser(new Rfc3164Clock(options.zone(), options.clock(), options.startYear()));
    this.peers = new PeerFilter(options);
    this.sink = sink;
  }

  public LineCounts lineCounts() {
    return new LineCounts(lines, unparsed, overlong);
  }

  @Override
  public void overlongLine() {
    lines++;
    unparsed++;
    overlong++;
  }

  @Override
  public void line(byte[] buf, int start, int end) {
    lines++;
    SyslogLineParser.Kind kind = parser.parse(buf, start, end, parsed);
    if (kind == SyslogLineParser.Kind.INVALID) {
      unparsed++;
      return;
    }
    if (kind == SyslogLineParser.Kind.NOISE) {
      return;
    }
    byte[] hostBuf = parsed.hostStart < 0 ? LOCALHOST : buf;
    int hostStart = parsed.hostStart < 0 ? 0 : parsed.hostStart;
    int hostEnd = parsed.hostStart < 0 ? LOCALHOST.length : parsed.hostEnd;
    if (options.onlyHost() != null
        && !options.onlyHost().matcher(hostView.set(hostBuf, hostStart, hostEnd)).matches()) {
      return;
    }
    lastEpochSecond = parsed.epochSecond;
    if (options.mode() == Mode.DEFAULT && reinjections.pendingCount() > 0) {
      reinjections.expire(parsed.epochSecond, lines, this::countHeldReception);
    }
    if (kind == SyslogLineParser.Kind.REPEAT) {
      int times = parser.repeatCount();
      String host = Bytes.latin1(hostBuf, hostStart, hostEnd);
      repeats.repeat(hostBuf, hostStart, hostEnd, times,
          (category, n) -> sink.count(category, parsed.epochSecond, host, n));
      return;
    }
    repeats.startLine(hostBuf, hostStart, hostEnd);
    CompiledRule[] chain = programRules.chainFor(buf, parsed.programStart, parsed.programEnd);
    if (chain == null) {
      return;
    }
    applyChain(chain, buf);
  }

  private void applyChain(CompiledRule[] chain, byte[] buf) {
    int from = parsed.messageStart;
    int to = parsed.messageEnd;
    literalScan.nextLine(buf, from, to);
    for (CompiledRule rule : chain) {
      if (!rule.literalsAllow(literalScan) || !rule.matches(literalScan)) {
        continue;
      }
      apply(rule);
      if (!rule.rule.continueAfterMatch()) {
        return;
      }
    }
  }

  private void apply(CompiledRule rule) {
    if (options.mode() == Mode.DEFAULT) {
      learnQueueIds(rule);
    }
    if (!(rule.outcome instanceof Outcome.Count count)) {
      return;
    }
    String peer = rule.capturesHost ? rule.group("host") : null;
    if (peer != null && peers.ignores(peer)) {
      return;
    }
    if (rule.rule.localReinjection() && options.mode() == Mode.DEFAULT && isReinjection(rule, peer)) {
      return;
    }
    long n = 1;
    if (rule.capturesCount) {
      String digits = rule.group("n");
      n = digits == null || digits.length() > 9 ? 1 : Long.parseLong(digits);
    }
    repeats.record(count.category(), n);
    sink.count(count.category(), parsed.epochSecond, parsed.host(), n);
  }

  /** What a hand-off or filter line says about queue ids (default mode's re-injection tracking). */
  private void learnQueueIds(CompiledRule rule) {
    if (rule.capturesFiltered) {
      String original = rule.group("filtered");
      if (original != null) {
        reinjections.reachedFilter(original, this::countHeldReception);
      }
    }
    if (rule.capturesNewQid) {
      String newQueueId = rule.group("newqid");
      if (newQueueId != null) {
        reinjections.reinjectedAs(newQueueId, parsed.epochSecond);
      }
    }
  }

  private boolean isReinjection(CompiledRule rule, String peer) {
    if (rule.capturesReinjected && rule.group("reinjected") != null) {
      return true;
    }
    if (peer == null || !peers.isLoopback(peer) || !rule.capturesQid) {
      return false;
    }
    ReinjectionTracker.Pending reception = new ReinjectionTracker.Pending(
        rule.group("qid"), parsed.epochSecond, parsed.host(), lines);
    reinjections.isKnownReinjection(reception, this::countHeldReception);
    // Either known (not counted) or held back: counted later if no hand-off claims it.
    return true;
  }

  private void countHeldReception(ReinjectionTracker.Pending p) {
    sink.count(Category.RECEIVED, p.epochSecond(), p.syslogHost(), 1);
  }

  /** Counts the receptions still held back; call at the end of a one-shot read. */
  public void finish() {
    reinjections.flush(this::countHeldReception);
  }

  /** The look-ahead state to save with a checkpoint (empty in mailgraph mode). */
  public HeldReceptions heldReceptions() {
    return reinjections.export();
  }

  /** Restores the look-ahead state saved with a checkpoint; call before the first line. */
  public void restoreHeldReceptions(HeldReceptions saved) {
    reinjections.restore(saved, lines);
  }

  /** Log time of the last classified line (0 before any). */
  public long lastEpochSecond() {
    return lastEpochSecond;
  }
}
