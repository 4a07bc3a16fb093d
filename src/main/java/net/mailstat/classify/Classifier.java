package net.mailstat.classify;

import java.util.List;
import net.mailstat.count.Category;
import net.mailstat.count.DelayHistogram;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import net.mailstat.count.EventSink;
import net.mailstat.count.LineCounts;
import net.mailstat.count.Saturating;
import net.mailstat.line.LineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns log lines into counted events. Owned by one thread. For each line: read the syslog
 * envelope, find the rule chain of its program, try the rules in order (cheap literal checks
 * first, then the regex), and report the outcome to the {@link EventSink}.
 */
public final class Classifier implements LineSink {
  /**
   * The most events one line can stand for: a larger repeat count ("last message repeated N
   * times") or captured count (e.g. MailScanner's "Found N spam messages") is not believed and the
   * line is counted as unparsed (docs/counting.md).
   */
  public static final long MAX_EVENTS_PER_LINE = 1_000_000;

  private static final Logger log = LoggerFactory.getLogger(Classifier.class);

  private final ClassifierOptions options;
  private final ProgramRules programRules;
  private final LinePreparer preparer;
  private final PeerFilter peers;
  private final ReinjectionTracker reinjections = new ReinjectionTracker();
  private final HeldDeliveries heldDeliveries = new HeldDeliveries();
  private final HeldScans heldScans = new HeldScans();
  private final PipeReinjections pipes = new PipeReinjections();
  private final RepeatMemory repeats = new RepeatMemory();
  private final CaughtUpTimes caughtUpTimes = new CaughtUpTimes();
  private final EventSink sink;
  private final LinePreparer.Prepared current = new LinePreparer.Prepared();
  private final RateLimitedWarning beyondBound = new RateLimitedWarning(log);
  private DecisionTrace trace = DecisionTrace.NONE;

  private long lines;
  private long unparsed;
  private long overlong;
  private long lastEpochSecond;
  /** What the line being classified counted as rejected, and the reason its rule gave. */
  private long rejectedInLine;
  private DetailKey reasonOfLine;
  /** Whether the line being classified counted its delivery delay (a line has one). */
  private boolean delayOfLineCounted;
  private final DelayFields delayFields = new DelayFields();
  private static final DetailKey OTHER_REASON = new DetailKey(DetailFamily.REJECT, DetailKey.OTHER);

  public Classifier(RuleSet rules, ClassifierOptions options, EventSink sink) {
    this.options = options;
    this.programRules = new ProgramRules(rules, options);
    this.preparer = new LinePreparer(programRules, options);
    this.peers = new PeerFilter(options);
    this.sink = sink;
  }

  /** Reports look-ahead decisions to {@code trace} (mailstat explain); call before the first line. */
  void trace(DecisionTrace decisions) {
    this.trace = decisions;
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
    preparer.prepare(buf, start, end, current);
    apply(current);
  }

  /** The preparing half of {@link #line}: it changes no count, so one other thread may run it. */
  void prepare(byte[] buf, int start, int end, LinePreparer.Prepared out) {
    preparer.prepare(buf, start, end, out);
  }

  /** The counting half of {@link #line}, on the classifier's own thread. */
  void apply(LinePreparer.Prepared line) {
    lines++;
    if (line.kind == SyslogLineParser.Kind.INVALID) {
      unparsed++;
      return;
    }
    if (line.kind == SyslogLineParser.Kind.NOISE || line.otherHost) {
      return;
    }
    lastEpochSecond = line.epochSecond;
    if (options.mode() == Mode.DEFAULT) {
      settleLookAhead(line);
    }
    if (line.kind == SyslogLineParser.Kind.REPEAT) {
      if (line.repeatCount > MAX_EVENTS_PER_LINE) {
        countBeyondBound("repeat count", Integer.toString(line.repeatCount), line.host);
        return;
      }
      String host = line.host;
      long epochSecond = line.epochSecond;
      repeats.repeat(host, line.repeatCount, new RepeatMemory.Replay() {
        @Override
        public void count(Category category, long n) {
          sink.count(category, epochSecond, host, n);
        }

        @Override
        public void detail(DetailKey key, long n) {
          sink.detail(key, epochSecond, host, n);
        }
      });
      return;
    }
    repeats.startLine(line.host);
    CompiledRule[] chain = line.chain;
    if (chain == null || line.candidates == 0) {
      return;
    }
    rejectedInLine = 0;
    reasonOfLine = null;
    delayOfLineCounted = false;
    for (int i = 0; i < chain.length && chain[i].detail == null; i++) {
      CompiledRule rule = chain[i];
      if ((line.candidates & (1L << Math.min(i, 63))) == 0 || !rule.matches(line.message)) {
        continue;
      }
      trace.matched(rule.rule);
      if (!apply(rule, line) || !rule.rule.continueAfterMatch()) {
        break; // a count beyond the bound made the line unparsed: what it counted before keeps its reason
      }
    }
    if (rejectedInLine > 0 || chain[chain.length - 1].detail != null) {
      countDetails(chain, line);
    }
  }

  /**
   * The detail rules at the end of the chain: the first match per family counts; a reject reason
   * only for a line that counted {@code rejected} (with its count), which always gets one.
   */
  private void countDetails(CompiledRule[] chain, LinePreparer.Prepared line) {
    int decided = 0;
    if (rejectedInLine > 0 && reasonOfLine != null) {
      detail(reasonOfLine, rejectedInLine, line);
      decided |= 1 << DetailFamily.REJECT.ordinal();
    }
    int first = chain.length;
    while (first > 0 && chain[first - 1].detail != null) {
      first--;
    }
    for (int j = first; j < chain.length; j++) {
      decided = tryDetail(chain[j], j, decided, line);
    }
    if (rejectedInLine > 0 && (decided & (1 << DetailFamily.REJECT.ordinal())) == 0) {
      detail(OTHER_REASON, rejectedInLine, line);
    }
  }

  private int tryDetail(CompiledRule rule, int index, int decided, LinePreparer.Prepared line) {
    DetailFamily family = rule.detail.family();
    int bit = 1 << family.ordinal();
    if ((decided & bit) != 0 || (family == DetailFamily.REJECT && rejectedInLine == 0)) {
      return decided;
    }
    if ((line.candidates & (1L << Math.min(index, 63))) == 0 || !rule.matches(line.message)) {
      return decided;
    }
    trace.matched(rule.rule);
    detail(rule.detailKey(), family == DetailFamily.REJECT ? rejectedInLine : 1, line);
    return decided | bit;
  }

  /** A counted delivery's delay= and delays= fields, into the DELAY family's histogram. */
  private void countDelay(LinePreparer.Prepared line) {
    if (!delayFields.read(line.message)) {
      return;
    }
    for (DelayHistogram.Stage stage : DelayHistogram.stages()) {
      long millis = delayFields.millis(stage);
      if (millis != DelayFields.MISSING) {
        detail(DelayHistogram.bucketKey(stage, DelayHistogram.bucketOf(millis)), 1, line);
        detail(DelayHistogram.sumKey(stage), millis, line);
      }
    }
  }

  private void detail(DetailKey key, long n, LinePreparer.Prepared line) {
    repeats.recordDetail(key, n);
    sink.detail(key, line.epochSecond, line.host, n);
  }

  /** Applies a matching rule; false if the line turned out unparsed (a count beyond the bound). */
  private boolean apply(CompiledRule rule, LinePreparer.Prepared line) {
    if (options.mode() == Mode.DEFAULT) {
      learnQueueIds(rule, line);
    }
    if (!(rule.outcome instanceof Outcome.Count count)) {
      return true;
    }
    String peer = rule.capturesHost ? rule.group("host") : null;
    if (peer != null && peers.ignores(peer)) {
      trace.ignoredPeer(rule.rule, peer);
      return true;
    }
    if (rule.rule.localReinjection() && options.mode() == Mode.DEFAULT && isReinjection(rule, peer, line)) {
      return true;
    }
    if (rule.rule.linked() != Rule.Linked.NONE && options.mode() == Mode.DEFAULT && isPipeLinked(rule, line)) {
      return true;
    }
    long n = 1;
    if (rule.capturesCount) {
      String digits = rule.group("n");
      if (digits != null) {
        n = capturedCount(digits);
        if (n < 0) {
          countBeyondBound("count", digits, line.host);
          return false;
        }
      }
    }
    if (rule.rule.clamd() != Rule.ClamdRole.NONE && options.mode() == Mode.DEFAULT && pairScan(rule, line)) {
      return true;
    }
    repeats.record(count.category(), n);
    sink.count(count.category(), line.epochSecond, line.host, n);
    if ((count.category() == Category.SENT || count.category() == Category.DELIVERED) && !delayOfLineCounted) {
      delayOfLineCounted = true;
      countDelay(line);
    }
    if (count.category() == Category.REJECTED) {
      rejectedInLine = Saturating.add(rejectedInLine, n);
      if (rule.reason != null) {
        reasonOfLine = rule.reason;
      }
    }
    return true;
  }

  /**
   * clamd's scan line and its client's verdict on one message are one virus (docs/counting.md):
   * true if this line is not counted now (a scan line, held or paired with a verdict).
   */
  private boolean pairScan(CompiledRule rule, LinePreparer.Prepared line) {
    boolean verdict = rule.rule.clamd() == Rule.ClamdRole.VERDICT;
    HeldScans.Held paired = heldScans.pairOrHold(verdict, line.host, line.epochSecond, lines,
        h -> countHeldScan(h, DecisionTrace.Release.OVERFLOW));
    if (paired == null) {
      trace.scanHeld(verdict);
    } else {
      trace.scanPaired(paired, verdict);
    }
    return !verdict;
  }

  /** The captured digits as a number, or -1 if they are not a number up to the bound. */
  private static long capturedCount(String digits) {
    int leadingZeros = 0;
    while (leadingZeros < digits.length() - 1 && digits.charAt(leadingZeros) == '0') {
      leadingZeros++;
    }
    String trimmed = digits.substring(leadingZeros);
    if (trimmed.isEmpty() || trimmed.length() > 7 || !trimmed.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return -1;
    }
    long n = Long.parseLong(trimmed);
    return n > MAX_EVENTS_PER_LINE ? -1 : n;
  }

  private void countBeyondBound(String what, String value, String host) {
    unparsed++;
    beyondBound.warn("a line from {} has a {} of {}, not a number up to the bound of {} events per line;"
        + " counted it as unparsed", host, what, value.length() > 20 ? value.substring(0, 20) + "..." : value,
        MAX_EVENTS_PER_LINE);
  }

  /** What a hand-off or filter line says about queue ids (default mode's re-injection tracking). */
  private void learnQueueIds(CompiledRule rule, LinePreparer.Prepared line) {
    if (rule.capturesQid && rule.outcome instanceof Outcome.Nothing) {
      // a reception known as a re-injection by the line itself (XFORWARD): a delivery naming it was a hand-off
      String queueId = rule.group("qid");
      if (queueId != null) {
        claimHeldDelivery(queueId);
        reinjections.settled(queueId, line.epochSecond, line.host);
      }
    }
    String newQueueId = rule.capturesNewQid ? rule.group("newqid") : null;
    boolean uncertain = newQueueId != null && rule.rule.unclaimed() != null && !reinjections.knows(newQueueId);
    if (rule.capturesFiltered && !uncertain) {
      // a held delivery may be a smarthost on loopback, not the filter: its original is not told by it
      String original = rule.group("filtered");
      if (original != null) {
        reinjections.reachedFilter(original, p -> countHeldReception(p, DecisionTrace.Release.FILTER));
      }
    }
    if (rule.capturesNewQid) {
      if (uncertain) {
        holdDelivery(rule, newQueueId, line);
      } else if (newQueueId != null) {
        if (trace != DecisionTrace.NONE) {
          trace.handoff(newQueueId, reinjections.pendingView().containsKey(newQueueId));
        }
        reinjections.reinjectedAs(newQueueId, line.epochSecond, line.host);
      }
    }
  }

  /**
   * A delivery to loopback naming a queue id not received here: a hand-off if that reception is
   * logged soon, else what its agent says (docs/counting.md, "Held deliveries").
   */
  private void holdDelivery(CompiledRule rule, String newQueueId, LinePreparer.Prepared line) {
    String relay = rule.capturesHost ? rule.group("host") : null;
    if (relay != null && peers.ignores(relay)) {
      trace.ignoredPeer(rule.rule, relay);
      return;
    }
    trace.deliveryHeld(newQueueId, rule.rule.unclaimed());
    String original = rule.capturesFiltered ? rule.group("filtered") : null;
    heldDeliveries.hold(newQueueId, original, rule.rule.unclaimed(), line.epochSecond, line.host, lines,
        h -> countHeldDelivery(h, DecisionTrace.Release.OVERFLOW));
  }

  /**
   * A reception under {@code queueId} claims the delivery held under it, if any: that delivery was
   * a hand-off, so the message it delivered reached the filter (an original, if held).
   */
  private boolean claimHeldDelivery(String queueId) {
    HeldDeliveries.Held handoff = heldDeliveries.claim(queueId);
    if (handoff == null) {
      return false;
    }
    if (handoff.original() != null) {
      reinjections.reachedFilter(handoff.original(), p -> countHeldReception(p, DecisionTrace.Release.FILTER));
    }
    return true;
  }

  private boolean isReinjection(CompiledRule rule, String peer, LinePreparer.Prepared line) {
    if (rule.capturesReinjected && rule.group("reinjected") != null) {
      trace.reinjectionByPattern(rule.rule);
      String queueId = rule.capturesQid ? rule.group("qid") : null;
      if (queueId != null) {
        claimHeldDelivery(queueId);
        reinjections.settled(queueId, line.epochSecond, line.host); // more hand-off lines naming it may follow
      }
      return true;
    }
    if (!heldDeliveries.isEmpty() && rule.capturesQid && claimHeldDelivery(rule.group("qid"))) {
      trace.claimsHeldDelivery(rule.group("qid"));
      reinjections.settled(rule.group("qid"), line.epochSecond, line.host);
      return true;
    }
    if (peer == null || !peers.isLoopback(peer) || !rule.capturesQid) {
      return false;
    }
    ReinjectionTracker.Pending reception = new ReinjectionTracker.Pending(
        rule.group("qid"), line.epochSecond, line.host, lines);
    boolean known = reinjections.isKnownReinjection(reception,
        p -> countHeldReception(p, DecisionTrace.Release.OVERFLOW));
    trace.loopbackReception(reception.queueId(), known);
    // Either known (not counted) or held back: counted later if no hand-off claims it.
    return true;
  }

  /** Settles what the look-ahead holds that this line's host and time make due, or this line decides. */
  private void settleLookAhead(LinePreparer.Prepared line) {
    if (line.kind == SyslogLineParser.Kind.MESSAGE) {
      followPipeFilter(line);
    }
    if (!heldScans.isEmpty()) {
      heldScans.releaseDue(line.host, line.epochSecond, lines, ReinjectionTracker.WINDOW_LINES,
          h -> countHeldScan(h, DecisionTrace.Release.WINDOW));
    }
    if (!heldDeliveries.isEmpty()) {
      heldDeliveries.releaseDue(line.host, line.epochSecond, lines, ReinjectionTracker.WINDOW_LINES,
          h -> countHeldDelivery(h, DecisionTrace.Release.WINDOW));
    }
    if (reinjections.pendingCount() > 0) {
      reinjections.expire(line.host, line.epochSecond, lines, p -> countHeldReception(p, DecisionTrace.Release.WINDOW));
      reinjections.releaseFinal(line.host, line.epochSecond, p -> countHeldReception(p, DecisionTrace.Release.FINAL));
      if (line.kind == SyslogLineParser.Kind.MESSAGE && reinjections.pendingCount() > 0) {
        settleByFate(line);
      }
    }
  }

  /**
   * A pickup reception (held until its message id is logged) or a pipe delivery (a hand-off if
   * the same message comes back through pickup): true if not counted now (docs/counting.md,
   * "Filters in a pipe service").
   */
  private boolean isPipeLinked(CompiledRule rule, LinePreparer.Prepared line) {
    String queueId = rule.group("qid");
    if (queueId == null) {
      return false;
    }
    if (rule.rule.linked() == Rule.Linked.PICKUP) {
      reinjections.hold(new ReinjectionTracker.Pending(queueId, line.epochSecond, line.host, lines),
          p -> countHeldReception(p, DecisionTrace.Release.OVERFLOW));
      pipes.pickupHeld(queueId);
      trace.pipeReception(queueId, null);
      return true;
    }
    Long messageId = pipes.messageIdOf(queueId);
    if (messageId == null) {
      return false;
    }
    List<String> reinjected = pipes.pipeDelivered(messageId, line.epochSecond);
    if (!reinjected.isEmpty() || pipes.isReinjected(messageId, line.epochSecond)) {
      reinjected.forEach(q -> reinjections.reinjectedAs(q, line.epochSecond, line.host));
      trace.pipeDelivery(queueId, true);
      return true;
    }
    trace.pipeDelivery(queueId, false);
    heldDeliveries.hold(PipeReinjections.deliveryKey(messageId), null, Category.DELIVERED, line.epochSecond, line.host,
        lines, h -> countHeldDelivery(h, DecisionTrace.Release.OVERFLOW));
    return true;
  }

  /** cleanup's message-id and qmgr's removal lines decide held pickup receptions. */
  private void followPipeFilter(LinePreparer.Prepared line) {
    byte[] b = line.buf;
    boolean cleanup = QueueFate.programEndsWith(b, line.programStart, line.programEnd, "/cleanup");
    // Every removal is followed, not only while a copy waits: the links of messages gone are then
    // forgotten at once, so what a checkpoint saves is the messages still in the queue.
    boolean qmgr = !cleanup && QueueFate.programEndsWith(b, line.programStart, line.programEnd, "/qmgr");
    if (!(cleanup || qmgr) || !QueueFate.isPostfix(b, line.programStart, line.programEnd)) {
      return;
    }
    int qidEnd = QueueFate.queueIdEnd(b, line.messageStart, line.messageEnd);
    if (qidEnd < 0) {
      return;
    }
    int text = qidEnd + 2;
    if (cleanup && QueueFate.isMessageId(b, text, line.messageEnd)) {
      int from = text + QueueFate.MESSAGE_ID.length();
      if (from >= line.messageEnd) {
        return; // no message id to link by
      }
      long messageId = PipeReinjections.hash(b, from, line.messageEnd);
      PipeReinjections.Verdict verdict = pipes.messageIdLogged(PipeReinjections.queueKey(b, line.messageStart, qidEnd),
          messageId, line.epochSecond, m -> heldDeliveries.claim(PipeReinjections.deliveryKey(m)) != null);
      if (verdict == null) {
        return;
      }
      String queueId = Bytes.latin1(b, line.messageStart, qidEnd);
      trace.pipeReception(queueId, verdict);
      switch (verdict) {
        case REINJECTION -> reinjections.reinjectedAs(queueId, line.epochSecond, line.host);
        case RECEPTION -> reinjections.gone(queueId, p -> countHeldReception(p, DecisionTrace.Release.MESSAGE_ID));
        case WAIT -> { }
      }
    } else if (qmgr && QueueFate.isRemoved(b, text, line.messageEnd)) {
      for (String waiting : pipes.removed(PipeReinjections.queueKey(b, line.messageStart, qidEnd))) {
        reinjections.gone(waiting, p -> countHeldReception(p, DecisionTrace.Release.MESSAGE_ID));
      }
    }
  }

  /** A Postfix line about a held reception's own message may settle it (docs/counting.md). */
  private void settleByFate(LinePreparer.Prepared line) {
    byte[] b = line.buf;
    if (!QueueFate.isPostfix(b, line.programStart, line.programEnd)) {
      return;
    }
    int qidEnd = QueueFate.queueIdEnd(b, line.messageStart, line.messageEnd);
    if (qidEnd < 0) {
      return;
    }
    String queueId = Bytes.latin1(b, line.messageStart, qidEnd);
    if (!reinjections.holds(queueId)) {
      return;
    }
    switch (QueueFate.kind(b, qidEnd + 2, line.messageEnd)) {
      case GONE -> reinjections.gone(queueId, p -> countHeldReception(p, DecisionTrace.Release.GONE));
      case FINAL -> reinjections.finalLineLogged(queueId, line.epochSecond);
      case NONE -> { }
    }
  }

  /**
   * The source has delivered every line written so far, at {@code nowMillis} of a monotonic clock
   * (call it whenever the source finds nothing more to read). Held receptions read a few seconds
   * before such a moment, with nothing naming them since, are counted now: a quiet log does not
   * keep them back (docs/counting.md). Returns how many held lines were settled (counted, or for a
   * clamd client's verdict, which counted at once, let go).
   */
  public int caughtUp(long nowMillis) {
    long readBefore = caughtUpTimes.caughtUp(nowMillis, lines);
    if (options.mode() != Mode.DEFAULT || readBefore == 0) {
      return 0;
    }
    int before = reinjections.pendingCount() + heldDeliveries.size() + heldScans.size();
    reinjections.releaseReadUpTo(readBefore, p -> countHeldReception(p, DecisionTrace.Release.QUIET));
    heldDeliveries.releaseReadUpTo(readBefore, h -> countHeldDelivery(h, DecisionTrace.Release.QUIET));
    heldScans.releaseReadUpTo(readBefore, h -> countHeldScan(h, DecisionTrace.Release.QUIET));
    return before - reinjections.pendingCount() - heldDeliveries.size() - heldScans.size();
  }

  private void countHeldDelivery(HeldDeliveries.Held h, DecisionTrace.Release why) {
    trace.deliveryReleased(h, why);
    sink.count(h.category(), h.epochSecond(), h.syslogHost(), h.count());
  }

  private void countHeldScan(HeldScans.Held h, DecisionTrace.Release why) {
    trace.scanReleased(h, why);
    sink.count(Category.VIRUS, h.epochSecond(), h.syslogHost(), 1);
  }

  private void countHeldReception(ReinjectionTracker.Pending p, DecisionTrace.Release why) {
    reinjections.settled(p.queueId(), p.epochSecond(), p.syslogHost());
    trace.released(p, why);
    sink.count(Category.RECEIVED, p.epochSecond(), p.syslogHost(), 1);
  }

  /** Counts the receptions still held back; call at the end of a one-shot read. */
  public void finish() {
    reinjections.flush(p -> countHeldReception(p, DecisionTrace.Release.END));
    heldDeliveries.flush(h -> countHeldDelivery(h, DecisionTrace.Release.END));
    heldScans.flush(h -> countHeldScan(h, DecisionTrace.Release.END));
  }

  /** The look-ahead state to save with a checkpoint (empty in mailgraph mode). */
  public HeldReceptions heldReceptions() {
    return reinjections.export().withDeliveries(heldDeliveries.export()).withScans(heldScans.export())
        .withPipeLinks(pipes.toLines());
  }

  /** Restores the look-ahead state saved with a checkpoint; call before the first line. */
  public void restoreHeldReceptions(HeldReceptions saved) {
    reinjections.restore(saved, lines);
    heldDeliveries.restore(saved.deliveries(), lines);
    heldScans.restore(saved.scans(), lines);
    pipes.restore(saved.pipeLinks());
    caughtUpTimes.clear();
  }

  /** Log time of the last classified line (0 before any). */
  public long lastEpochSecond() {
    return lastEpochSecond;
  }
}
