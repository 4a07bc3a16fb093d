package net.mailstat.state;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;

/**
 * A running instance's health, written by the daemon every few seconds next to its checkpoint
 * ({@code STATE_DIR/INSTANCE.status}, docs/formats.md) and read by {@code mailstat status}. Replaced
 * atomically; read as hostile input (at most {@link #MAX_BYTES}, unknown lines skipped, a malformed
 * file reported as such).
 */
public final class StatusFile {
  static final String MAGIC = "mailstat-status 1";
  public static final int MAX_BYTES = 256 * 1024;
  private static final int MAX_ITEMS = 1000;

  /** One source: its id, state word, position, the time of its last line (0: none), its log time, trouble. */
  public record Source(String id, String state, long offset, long lastLineSecond, long logSecond, String trouble) {}

  /** A listener this process runs: {@code kind} snmp, web or syslog, and its address. */
  public record Listener(String kind, String address) {}

  /** The counters at one time (one a minute, for rates). */
  public record Sample(long epochSecond, CounterSnapshot counts) {}

  /** One shape of mail lines no rule matched: its sampled count (at most {@code overCount} too many) and an example. */
  public record UnmatchedShape(long count, long overCount, String shape, String example) {}

  /**
   * The sample of mail lines no rule matched: lines read, lines looked at, of those unmatched, and
   * the most frequent shapes (each shape and example cut to {@link #MAX_SHAPE_CHARS}).
   */
  public record Unmatched(long lines, long sampled, long unmatched, List<UnmatchedShape> shapes) {
    public static final Unmatched NONE = new Unmatched(0, 0, 0, List.of());

    public Unmatched {
      shapes = List.copyOf(shapes);
    }
  }

  public static final int MAX_SHAPE_CHARS = 300;

  /**
   * The file's content. {@code commitError} is null when the last commit worked; {@code unmatched}
   * is {@link Unmatched#NONE} in a file written before it was reported.
   */
  public record Status(String instance, long pid, long startedSecond, long writtenSecond, long intervalSeconds,
      List<String> owns, long lastCommitSecond, String commitError, List<Source> sources,
      List<Listener> listeners, String rrdFile, long warnings, String lastWarning, List<Sample> samples,
      Unmatched unmatched) {
    public Status {
      owns = List.copyOf(owns);
      sources = List.copyOf(sources);
      listeners = List.copyOf(listeners);
      samples = List.copyOf(samples);
      unmatched = unmatched == null ? Unmatched.NONE : unmatched;
    }
  }

  private StatusFile() {}

  /** {@code STATE_DIR/INSTANCE.status}, e.g. {@code mailstat.all.status}. */
  public static Path path(Path stateDir, Path statFile, Ownership ownership) {
    return stateDir.resolve(statFile.getFileName() + "." + ownership.id() + ".status");
  }

  public static void write(Path file, Status s) throws IOException {
    AtomicFiles.replace(file, encode(s));
  }

  static String encode(Status s) {
    StringBuilder b = new StringBuilder(MAGIC).append('\n');
    b.append("instance ").append(enc(s.instance())).append('\n');
    b.append("pid ").append(s.pid()).append('\n');
    b.append("started ").append(s.startedSecond()).append('\n');
    b.append("written ").append(s.writtenSecond()).append('\n');
    b.append("interval ").append(s.intervalSeconds()).append('\n');
    b.append("owns ").append(String.join(",", s.owns())).append('\n');
    b.append("commit ").append(s.lastCommitSecond()).append(' ').append(enc(s.commitError())).append('\n');
    for (Source src : s.sources()) {
      b.append("source ").append(enc(src.id())).append(' ').append(enc(src.state())).append(' ')
          .append(src.offset()).append(' ').append(src.lastLineSecond()).append(' ').append(src.logSecond())
          .append(' ').append(enc(src.trouble())).append('\n');
    }
    for (Listener l : s.listeners()) {
      b.append("listener ").append(enc(l.kind())).append(' ').append(enc(l.address())).append('\n');
    }
    b.append("rrd ").append(enc(s.rrdFile())).append('\n');
    b.append("warnings ").append(s.warnings()).append(' ').append(enc(s.lastWarning())).append('\n');
    for (Sample sample : s.samples()) {
      b.append("sample ").append(sample.epochSecond());
      for (Category c : Category.all()) {
        b.append(' ').append(sample.counts().get(c));
      }
      b.append('\n');
    }
    Unmatched u = s.unmatched();
    b.append("unmatched ").append(u.lines()).append(' ').append(u.sampled()).append(' ').append(u.unmatched())
        .append('\n');
    for (UnmatchedShape shape : u.shapes()) {
      b.append("shape ").append(shape.count()).append(' ').append(shape.overCount()).append(' ')
          .append(enc(cut(shape.shape()))).append(' ').append(enc(cut(shape.example()))).append('\n');
    }
    return b.toString();
  }

  private static String cut(String s) {
    return s == null || s.length() <= MAX_SHAPE_CHARS ? s : s.substring(0, MAX_SHAPE_CHARS);
  }

  /** The status in {@code file}; empty if there is none. */
  public static java.util.Optional<Status> read(Path file) throws IOException, StatFileException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    }
    if (bytes.length > MAX_BYTES) {
      throw new StatFileException(file + ": longer than " + MAX_BYTES + " bytes: not a status file");
    }
    try {
      return java.util.Optional.of(decode(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw new StatFileException(file + ": not a mailstat status file (" + e.getMessage() + ")");
    }
  }

  static Status decode(String text) {
    String[] lines = text.split("\n", -1);
    if (!lines[0].equals(MAGIC)) {
      throw new IllegalArgumentException("first line is not '" + MAGIC + "'");
    }
    Map<String, String[]> single = new HashMap<>();
    List<Source> sources = new ArrayList<>();
    List<Listener> listeners = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    List<UnmatchedShape> shapes = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] w = lines[i].split(" ", -1);
      if (w.length < 2) {
        continue;
      }
      switch (w[0]) {
        case "source" -> {
          need(w, 7);
          if (sources.size() < MAX_ITEMS) {
            sources.add(new Source(dec(w[1]), dec(w[2]), num(w[3]), num(w[4]), num(w[5]), dec(w[6])));
          }
        }
        case "listener" -> {
          need(w, 3);
          if (listeners.size() < MAX_ITEMS) {
            listeners.add(new Listener(dec(w[1]), dec(w[2])));
          }
        }
        case "sample" -> {
          need(w, 2 + Category.all().size());
          long[] values = new long[Category.all().size()];
          for (int c = 0; c < values.length; c++) {
            values[c] = num(w[2 + c]);
          }
          if (samples.size() < MAX_ITEMS) {
            samples.add(new Sample(num(w[1]), CounterSnapshot.of(values)));
          }
        }
        case "shape" -> {
          need(w, 5);
          if (shapes.size() < MAX_ITEMS) {
            shapes.add(new UnmatchedShape(num(w[1]), num(w[2]), dec(w[3]), dec(w[4])));
          }
        }
        default -> single.put(w[0], w);
      }
    }
    String[] commit = field(single, "commit", 3);
    String[] warnings = field(single, "warnings", 3);
    String owns = field(single, "owns", 2)[1];
    Unmatched unmatched = Unmatched.NONE;
    if (single.containsKey("unmatched")) {
      String[] u = field(single, "unmatched", 4);
      unmatched = new Unmatched(num(u[1]), num(u[2]), num(u[3]), shapes);
    }
    return new Status(dec(field(single, "instance", 2)[1]), num(field(single, "pid", 2)[1]),
        num(field(single, "started", 2)[1]), num(field(single, "written", 2)[1]),
        num(field(single, "interval", 2)[1]), owns.isEmpty() ? List.of() : List.of(owns.split(",")),
        num(commit[1]), dec(commit[2]), sources, listeners, dec(field(single, "rrd", 2)[1]), num(warnings[1]),
        dec(warnings[2]), samples, unmatched);
  }

  private static String[] field(Map<String, String[]> single, String key, int words) {
    String[] w = single.get(key);
    if (w == null) {
      throw new IllegalArgumentException("no '" + key + "' line");
    }
    need(w, words);
    return w;
  }

  private static void need(String[] w, int n) {
    if (w.length != n) {
      throw new IllegalArgumentException("'" + w[0] + "' line has " + w.length + " words, not " + n);
    }
  }

  private static long num(String s) {
    try {
      long v = Long.parseLong(s);
      if (v < 0) {
        throw new IllegalArgumentException("negative number " + s);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number '" + (s.length() > 20 ? s.substring(0, 20) : s) + "'");
    }
  }

  private static String enc(String s) {
    return s == null ? "-" : s.equals("-") ? "%2D" : URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return s.equals("-") ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
