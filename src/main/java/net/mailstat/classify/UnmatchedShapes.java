package net.mailstat.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.mailstat.line.LineSink;

/**
 * The most frequent shapes of mail lines no rule matched ({@code mailstat parse --unmatched}): lines
 * of programs some rule names (their chain exists) on which no rule of the chain matched, with
 * queue ids, addresses, host names, IP addresses and numbers folded, so a site sees what its own
 * rules could add. Memory is bounded: at most {@link #CAPACITY} (or the given capacity) shapes are kept, with the
 * space-saving heavy-hitter scheme (a new shape replaces the rarest, inheriting its count as a
 * possible over-count), and a message is shaped from at most {@link #MAX_SHAPED_CHARS} characters.
 * Owned by one thread; lines must come in log order.
 */
public final class UnmatchedShapes implements LineSink {
  static final int CAPACITY = 1024;
  static final int MAX_SHAPED_CHARS = 2000;
  private static final int MAX_EXAMPLE_CHARS = 1000;

  /** Folds, in order; each replaces what is left after the previous ones. */
  private static final Pattern[] FOLD = {
    Pattern.compile("<[^<>\\s]*>"),
    Pattern.compile("\\[(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|(?:ipv6:)?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)]"),
    Pattern.compile("\\b[0-9]{1,3}(?:\\.[0-9]{1,3}){3}\\b"),
    Pattern.compile("[^\\s<>\\[\\](),;=]+@[^\\s<>\\[\\](),;]+"),
    Pattern.compile("\\b(?:[0-9A-F]{6,12}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{12,20})\\b"),
    Pattern.compile("\\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]*\\b"),
    Pattern.compile("\\d+(?:\\.\\d+)*"),
  };
  private static final String[] TOKEN = {"<ADDR>", "[IP]", "IP", "ADDR", "QID", "HOST", "N"};

  /** One shape: how often it was seen (at most {@code overCount} too many) and its first line. */
  public record Shape(String shape, long count, long overCount, String example) {}

  private static final class Entry {
    long count;
    long overCount;
    final String example;

    Entry(long count, long overCount, String example) {
      this.count = count;
      this.overCount = overCount;
      this.example = example;
    }
  }

  private final ProgramRules programRules;
  private final Literals.Scan scan;
  private final SyslogLineParser parser;
  private final ParsedLine parsed = new ParsedLine();
  private final Map<String, Entry> shapes = new HashMap<>();
  private final int capacity;
  private long unmatched;

  public UnmatchedShapes(RuleSet rules, ClassifierOptions options) {
    this(rules, options, CAPACITY);
  }

  /** Keeps at most {@code capacity} shapes (a long-running daemon keeps fewer than a one-shot parse). */
  public UnmatchedShapes(RuleSet rules, ClassifierOptions options, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.programRules = new ProgramRules(rules, options);
    this.scan = programRules.newScan();
    this.parser = new SyslogLineParser(new Rfc3164Clock(options.zone(), options.clock(), options.startYear()));
  }

  @Override
  public void line(byte[] buf, int start, int end) {
    if (parser.parse(buf, start, end, parsed) != SyslogLineParser.Kind.MESSAGE) {
      return;
    }
    CompiledRule[] chain = programRules.chainFor(buf, parsed.programStart, parsed.programEnd);
    if (chain == null) {
      return;
    }
    scan.nextLine(buf, parsed.messageStart, parsed.messageEnd);
    for (int i = 0; i < chain.length; i++) {
      if ((i >= 63 || chain[i].literalsAllow(scan)) && chain[i].matches(scan.text())) {
        return;
      }
    }
    unmatched++;
    String program = parsed.program();
    String message = scan.text();
    String shape = shapeOf(program, message);
    Entry e = shapes.get(shape);
    if (e != null) {
      e.count++;
      return;
    }
    String example = new String(buf, start, Math.min(end, start + MAX_EXAMPLE_CHARS) - start,
        java.nio.charset.StandardCharsets.UTF_8);
    if (shapes.size() < capacity) {
      shapes.put(shape, new Entry(1, 0, example));
      return;
    }
    Map.Entry<String, Entry> rarest = null;
    for (Map.Entry<String, Entry> candidate : shapes.entrySet()) {
      if (rarest == null || candidate.getValue().count < rarest.getValue().count) {
        rarest = candidate;
      }
    }
    long floor = rarest.getValue().count;
    shapes.remove(rarest.getKey());
    shapes.put(shape, new Entry(floor + 1, floor, example));
  }

  @Override
  public void overlongLine() {
    // too long to be read: counted as unparsed by the classifier, not a shape
  }

  /** {@code program: message} with the variable parts folded. */
  static String shapeOf(String program, String message) {
    String text = message.length() > MAX_SHAPED_CHARS ? message.substring(0, MAX_SHAPED_CHARS) : message;
    for (int i = 0; i < FOLD.length; i++) {
      text = FOLD[i].matcher(text).replaceAll(TOKEN[i]);
    }
    String name = program.replaceAll("\\[\\d+]$", "");
    return name + ": " + text;
  }

  /** Mail lines no rule matched. */
  public long unmatchedLines() {
    return unmatched;
  }

  /** The {@code n} most frequent shapes, most frequent first. */
  public List<Shape> top(int n) {
    List<Shape> all = new ArrayList<>();
    shapes.forEach((shape, e) -> all.add(new Shape(shape, e.count, e.overCount, e.example)));
    all.sort(Comparator.comparingLong(Shape::count).reversed().thenComparing(Shape::shape));
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }
}
