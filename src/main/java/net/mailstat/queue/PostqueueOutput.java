package net.mailstat.queue;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads {@code postqueue -j} output (postqueue(1), "JSON OBJECT FORMAT": one object per line, one
 * line per queue file) as a stream and keeps only per-queue aggregates, so a queue of a million
 * messages costs the same memory as an empty one.
 *
 * <p>Each line must be one JSON object whose top-level members include {@code queue_name} (one of
 * {@link QueueName}), {@code arrival_time} and {@code message_size} (non-negative integers), each
 * once; every other member (sender, recipients, members a later Postfix adds) is checked for JSON
 * syntax and skipped without being stored. Strings are scanned with their escapes, so a sender or
 * recipient address (chosen by whoever sent the mail) cannot pose as a member. Any other line is
 * counted as unparsed and skipped up to its newline; blank lines are ignored. Nesting deeper than
 * {@link #MAX_DEPTH} is unparsed, not a stack overflow.
 */
final class PostqueueOutput {
  static final int MAX_DEPTH = 32;
  private static final int MAX_DIGITS = 18;
  private static final int MAX_QUEUE_NAME = 16;
  private static final int EOF = -1;
  private static final int BUFFER = 64 * 1024;

  /** What one run of postqueue said, per queue: parsed entries and lines that were not one. */
  record Tally(Map<QueueName, QueueTotals> queues, long unparsedLines) {
    QueueSnapshot snapshot(long epochSecond) {
      return new QueueSnapshot(epochSecond, queues, unparsedLines, null);
    }
  }

  /** A line that is not a queue entry; thrown without a stack trace, caught per line. */
  private static final class Unparsed extends Exception {
    private static final long serialVersionUID = 1L;

    Unparsed() {
      super(null, null, false, false);
    }
  }

  private static final Unparsed UNPARSED = new Unparsed();

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER];
  private int pos;
  private int limit;
  private int last;

  private PostqueueOutput(InputStream in) {
    this.in = in;
  }

  /** Reads {@code in} to its end; ages are taken against {@code nowSecond}. */
  static Tally read(InputStream in, long nowSecond) throws IOException {
    return new PostqueueOutput(in).readAll(nowSecond);
  }

  private static final class Totals {
    long messages;
    long bytes;
    long oldestArrival = Long.MAX_VALUE;
  }

  private Tally readAll(long nowSecond) throws IOException {
    EnumMap<QueueName, Totals> totals = new EnumMap<>(QueueName.class);
    long unparsed = 0;
    Entry entry = new Entry();
    while (true) {
      int c = skipBlanks();
      if (c == EOF) {
        break;
      }
      if (c == '\n') {
        continue;
      }
      try {
        entry.clear();
        object(c, entry);
        int end = skipBlanks();
        if (end != '\n' && end != EOF) {
          throw UNPARSED;
        }
        if (entry.queue == null || entry.arrival < 0 || entry.size < 0) {
          throw UNPARSED;
        }
        Totals t = totals.computeIfAbsent(entry.queue, q -> new Totals());
        t.messages++;
        t.bytes = saturatedAdd(t.bytes, entry.size);
        t.oldestArrival = Math.min(t.oldestArrival, entry.arrival);
      } catch (Unparsed u) {
        unparsed++;
        skipLine();
      }
    }
    Map<QueueName, QueueTotals> out = new EnumMap<>(QueueName.class);
    totals.forEach((q, t) -> out.put(q, new QueueTotals(t.messages, t.bytes, Math.max(0, nowSecond - t.oldestArrival))));
    return new Tally(out, unparsed);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** The members of one line that are counted; -1 and null until seen. */
  private static final class Entry {
    QueueName queue;
    long arrival;
    long size;

    void clear() {
      queue = null;
      arrival = -1;
      size = -1;
    }
  }

  private void object(int first, Entry entry) throws IOException, Unparsed {
    if (first != '{') {
      throw UNPARSED;
    }
    int c = skipWhitespace();
    if (c == '}') {
      return;
    }
    while (true) {
      if (c != '"') {
        throw UNPARSED;
      }
      String key = shortString(32);
      if (skipWhitespace() != ':') {
        throw UNPARSED;
      }
      c = skipWhitespace();
      switch (key == null ? "" : key) {
        case "queue_name" -> {
          if (c != '"' || entry.queue != null) {
            throw UNPARSED;
          }
          String name = shortString(MAX_QUEUE_NAME);
          entry.queue = QueueName.byKey(name == null ? "" : name).orElseThrow(() -> UNPARSED);
        }
        case "arrival_time" -> {
          if (entry.arrival >= 0) {
            throw UNPARSED;
          }
          entry.arrival = count(c);
        }
        case "message_size" -> {
          if (entry.size >= 0) {
            throw UNPARSED;
          }
          entry.size = count(c);
        }
        default -> skipValue(c, 1);
      }
      c = skipWhitespace();
      if (c == '}') {
        return;
      }
      if (c != ',') {
        throw UNPARSED;
      }
      c = skipWhitespace();
    }
  }

  /** A non-negative integer of at most {@link #MAX_DIGITS} digits, starting with {@code c}. */
  private long count(int c) throws IOException, Unparsed {
    long n = 0;
    int digits = 0;
    while (c >= '0' && c <= '9') {
      if (++digits > MAX_DIGITS) {
        throw UNPARSED;
      }
      n = n * 10 + (c - '0');
      c = peek();
      if (c >= '0' && c <= '9') {
        next();
      }
    }
    if (digits == 0 || c == '.' || c == 'e' || c == 'E') {
      throw UNPARSED;
    }
    return n;
  }

  private void skipValue(int c, int depth) throws IOException, Unparsed {
    if (depth > MAX_DEPTH) {
      throw UNPARSED;
    }
    switch (c) {
      case '"' -> skipString();
      case '{' -> skipContainer('}', depth, true);
      case '[' -> skipContainer(']', depth, false);
      case 't' -> literal("rue");
      case 'f' -> literal("alse");
      case 'n' -> literal("ull");
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw UNPARSED;
        }
        for (int p = peek(); p == '-' || p == '+' || p == '.' || p == 'e' || p == 'E' || (p >= '0' && p <= '9');
            p = peek()) {
          next();
        }
      }
    }
  }

  private void skipContainer(char close, int depth, boolean members) throws IOException, Unparsed {
    int c = skipWhitespace();
    if (c == close) {
      return;
    }
    while (true) {
      if (members) {
        if (c != '"') {
          throw UNPARSED;
        }
        skipString();
        if (skipWhitespace() != ':') {
          throw UNPARSED;
        }
        c = skipWhitespace();
      }
      skipValue(c, depth + 1);
      c = skipWhitespace();
      if (c == close) {
        return;
      }
      if (c != ',') {
        throw UNPARSED;
      }
      c = skipWhitespace();
    }
  }

  private void literal(String rest) throws IOException, Unparsed {
    for (int i = 0; i < rest.length(); i++) {
      if (next() != rest.charAt(i)) {
        throw UNPARSED;
      }
    }
  }

  /** The rest of a string whose opening quote was read; null when longer than {@code max} or escaped. */
  private String shortString(int max) throws IOException, Unparsed {
    StringBuilder s = new StringBuilder();
    boolean plain = true;
    while (true) {
      int c = next();
      if (c == '"') {
        return plain && s.length() <= max ? s.toString() : null;
      }
      if (c == '\\') {
        escape();
        plain = false;
      } else if (c < 0x20) {
        throw UNPARSED;
      } else if (s.length() <= max) {
        s.append((char) c);
      }
    }
  }

  private void skipString() throws IOException, Unparsed {
    while (true) {
      int c = next();
      if (c == '"') {
        return;
      }
      if (c == '\\') {
        escape();
      } else if (c < 0x20) {
        throw UNPARSED;
      }
    }
  }

  private void escape() throws IOException, Unparsed {
    int c = next();
    switch (c) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
      case 'u' -> {
        for (int i = 0; i < 4; i++) {
          int h = next();
          if (Character.digit(h, 16) < 0) {
            throw UNPARSED;
          }
        }
      }
      default -> throw UNPARSED;
    }
  }

  /** Skips spaces and tabs (not newlines, which end a line) and returns the next byte. */
  private int skipBlanks() throws IOException {
    int c = next();
    while (c == ' ' || c == '\t' || c == '\r') {
      c = next();
    }
    return c;
  }

  /** Inside an object: the next byte that is not JSON whitespace; a newline here ends the line unparsed. */
  private int skipWhitespace() throws IOException, Unparsed {
    int c = skipBlanks();
    if (c == '\n' || c == EOF) {
      throw UNPARSED;
    }
    return c;
  }

  /** Skips to the end of the current line, unless the byte that ended the entry was its newline. */
  private void skipLine() throws IOException {
    int c = last;
    while (c != '\n' && c != EOF) {
      c = next();
    }
  }

  private int peek() throws IOException {
    if (pos == limit && !fill()) {
      return EOF;
    }
    return buffer[pos] & 0xff;
  }

  private int next() throws IOException {
    if (pos == limit && !fill()) {
      last = EOF;
      return EOF;
    }
    last = buffer[pos++] & 0xff;
    return last;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
