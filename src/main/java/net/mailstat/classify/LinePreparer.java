package net.mailstat.classify;

import java.util.regex.Matcher;

/**
 * The first half of classifying a line, which changes no count: the syslog envelope, the --host
 * filter, the program's rule chain and the rules' literal checks. Its results go to
 * {@link Prepared}; the {@link Classifier} then applies them, on the same thread or, for a
 * one-shot read, on another ({@link ClassifyOnTwoThreads}). Owned by one thread.
 */
final class LinePreparer {
  private final SyslogLineParser parser;
  private final ProgramRules programRules;
  private final Literals.Scan scan;
  private final Matcher onlyHost;
  private final HostNames hostNames = new HostNames();
  private final ParsedLine parsed = new ParsedLine();

  LinePreparer(ProgramRules programRules, ClassifierOptions options) {
    this.programRules = programRules;
    this.scan = programRules.newScan();
    this.parser = new SyslogLineParser(new Rfc3164Clock(options.zone(), options.clock(), options.startYear()));
    this.onlyHost = options.onlyHost() == null ? null : options.onlyHost().matcher("");
  }

  /** One line's results; reused. */
  static final class Prepared {
    SyslogLineParser.Kind kind;
    boolean otherHost;
    long epochSecond;
    /** The syslog host (the same String object for consecutive lines of one host). */
    String host;
    int repeatCount;
    /** The program's rules, or null. */
    CompiledRule[] chain;
    /** Bit i: rule i of the chain passed its literal checks (rules past 63 always pass). */
    long candidates;
    /** The message, when some rule is a candidate. */
    String message;
    /** The line's bytes, with the program and message fields as offsets into them. */
    byte[] buf;
    int programStart;
    int programEnd;
    int messageStart;
    int messageEnd;
  }

  void prepare(byte[] buf, int start, int end, Prepared out) {
    out.chain = null;
    out.candidates = 0;
    out.message = null;
    out.otherHost = false;
    SyslogLineParser.Kind kind = parser.parse(buf, start, end, parsed);
    out.kind = kind;
    if (kind == SyslogLineParser.Kind.INVALID || kind == SyslogLineParser.Kind.NOISE) {
      return;
    }
    out.epochSecond = parsed.epochSecond;
    out.buf = buf;
    out.programStart = parsed.programStart;
    out.programEnd = parsed.programEnd;
    out.messageStart = parsed.messageStart;
    out.messageEnd = parsed.messageEnd;
    out.host = parsed.hostStart < 0 ? ParsedLine.NO_HOST : hostNames.name(buf, parsed.hostStart, parsed.hostEnd);
    if (onlyHost != null && !onlyHost.reset(out.host).matches()) {
      out.otherHost = true;
      return;
    }
    if (kind == SyslogLineParser.Kind.REPEAT) {
      out.repeatCount = parser.repeatCount();
      return;
    }
    CompiledRule[] chain = programRules.chainFor(buf, parsed.programStart, parsed.programEnd);
    out.chain = chain;
    if (chain == null) {
      return;
    }
    scan.nextLine(buf, parsed.messageStart, parsed.messageEnd);
    long candidates = 0;
    for (int i = 0; i < chain.length; i++) {
      if (i >= 63 || chain[i].literalsAllow(scan)) {
        candidates |= 1L << Math.min(i, 63);
      }
    }
    out.candidates = candidates;
    if (candidates != 0) {
      out.message = scan.text();
    }
  }
}
