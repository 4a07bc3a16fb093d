package net.mailstat.state;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.DetailKey;
import net.mailstat.count.LineCounts;
import net.mailstat.line.SourcePosition;

/**
 * The checkpoint file format (docs/formats.md): line-oriented text, strings percent-encoded, and a
 * CRC-32 of everything before the last line, so a torn or hand-edited file is recognised.
 */
final class CheckpointCodec {
  static final String MAGIC = "mailstat-checkpoint 1";

  private CheckpointCodec() {}

  static String encode(Checkpoint cp) {
    StringBuilder sb = new StringBuilder();
    sb.append(MAGIC).append('\n');
    sb.append("instance ").append(enc(cp.instance())).append('\n');
    sb.append("written ").append(cp.writtenEpochSecond()).append('\n');
    sb.append("base ").append(counts(cp.base(), cp.baseLines())).append('\n');
    cp.baseHosts().forEach((h, c) -> sb.append("basehost ").append(enc(h)).append(' ')
        .append(StatLine.format(c, Map.of())).append('\n'));
    details(sb, "basedetail ", cp.baseDetails());
    for (RetiredSource r : cp.retired()) {
      sb.append("retired ").append(enc(r.sourceId())).append(" at=").append(r.retiredEpochSecond())
          .append(position(r.position())).append('\n');
    }
    for (SourceCheckpoint s : cp.sources()) {
      sb.append("source ").append(enc(s.sourceId())).append(position(s.position())).append('\n');
      sb.append("counts ").append(counts(s.counts(), s.lines())).append('\n');
      s.hosts().forEach((h, c) -> sb.append("host ").append(enc(h)).append(' ')
          .append(StatLine.format(c, Map.of())).append('\n'));
      s.lookahead().forEach(l -> sb.append("lookahead ").append(enc(l)).append('\n'));
      details(sb, "detail ", s.details());
    }
    CRC32 crc = new CRC32();
    crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
    sb.append("crc32 ").append(String.format("%08x", crc.getValue())).append('\n');
    return sb.toString();
  }

  static Checkpoint decode(String text) {
    int lastLine = text.lastIndexOf("crc32 ");
    if (!text.startsWith(MAGIC + "\n") || lastLine < 0) {
      throw new IllegalArgumentException("not a mailstat checkpoint (or cut short)");
    }
    String body = text.substring(0, lastLine);
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    String expected = String.format("%08x", crc.getValue());
    if (!text.substring(lastLine + 6).strip().equals(expected)) {
      throw new IllegalArgumentException("checksum mismatch (file damaged or edited by hand)");
    }
    String instance = null;
    long written = 0;
    CounterSnapshot base = CounterSnapshot.zero();
    LineCounts baseLines = LineCounts.ZERO;
    Map<String, CounterSnapshot> baseHosts = new LinkedHashMap<>();
    List<SourceCheckpoint> sources = new ArrayList<>();
    String sourceId = null;
    SourcePosition position = null;
    CounterSnapshot sourceCounts = null;
    LineCounts sourceLines = null;
    Map<String, CounterSnapshot> sourceHosts = new LinkedHashMap<>();
    List<String> lookahead = new ArrayList<>();
    Map<DetailKey, Long> baseDetails = new TreeMap<>();
    Map<DetailKey, Long> sourceDetails = new TreeMap<>();
    List<RetiredSource> retired = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.equals(MAGIC) || line.isEmpty()) {
        continue;
      }
      int space = line.indexOf(' ');
      String kind = space < 0 ? line : line.substring(0, space);
      String rest = space < 0 ? "" : line.substring(space + 1);
      switch (kind) {
        case "instance" -> instance = dec(rest);
        case "written" -> written = Long.parseLong(rest);
        case "base" -> {
          Map<String, Long> f = StatLine.parseFields(rest);
          base = StatLine.counts(f);
          baseLines = lineCounts(f);
        }
        case "basehost" -> {
          String[] parts = rest.split(" ", 2);
          baseHosts.put(dec(parts[0]), StatLine.counts(StatLine.parseFields(parts[1])));
        }
        case "source" -> {
          if (sourceId != null) {
            sources.add(new SourceCheckpoint(sourceId, position, sourceCounts, sourceLines, sourceHosts, lookahead,
                sourceDetails));
            sourceHosts = new LinkedHashMap<>();
            lookahead = new ArrayList<>();
            sourceDetails = new TreeMap<>();
          }
          String[] parts = rest.split(" ");
          sourceId = dec(parts[0]);
          position = position(attributes(parts));
          sourceCounts = CounterSnapshot.zero();
          sourceLines = LineCounts.ZERO;
        }
        case "counts" -> {
          Map<String, Long> f = StatLine.parseFields(rest);
          sourceCounts = StatLine.counts(f);
          sourceLines = lineCounts(f);
        }
        case "host" -> {
          String[] parts = rest.split(" ", 2);
          sourceHosts.put(dec(parts[0]), StatLine.counts(StatLine.parseFields(parts[1])));
        }
        case "lookahead" -> lookahead.add(dec(rest));
        case "detail" -> detail(rest, sourceDetails);
        case "basedetail" -> detail(rest, baseDetails);
        case "retired" -> {
          String[] parts = rest.split(" ");
          Map<String, String> attrs = attributes(parts);
          retired.add(new RetiredSource(dec(parts[0]), position(attrs), Long.parseLong(attrs.get("at"))));
        }
        default -> throw new IllegalArgumentException("unknown record '" + kind + "'");
      }
    }
    if (sourceId != null) {
      sources.add(new SourceCheckpoint(sourceId, position, sourceCounts, sourceLines, sourceHosts, lookahead,
          sourceDetails));
    }
    if (instance == null) {
      throw new IllegalArgumentException("no instance record");
    }
    return new Checkpoint(instance, written, base, baseLines, baseHosts, sources, retired, baseDetails);
  }

  /** {@code FAMILY LABEL N} per detail (the side file's syntax, {@link DetailsFile}). */
  private static void details(StringBuilder sb, String kind, Map<DetailKey, Long> details) {
    details.forEach((k, n) -> sb.append(kind).append(DetailsFile.line(k, n)).append('\n'));
  }

  private static void detail(String rest, Map<DetailKey, Long> into) {
    Map.Entry<DetailKey, Long> e = DetailsFile.parseLine(rest);
    if (e == null) {
      throw new IllegalArgumentException("bad detail record '" + rest + "'");
    }
    into.put(e.getKey(), e.getValue());
  }

  private static String position(SourcePosition p) {
    return " key=" + enc(p.fileKey()) + " offset=" + p.offset() + " fp=" + enc(p.fingerprint())
        + " cursor=" + enc(p.cursor());
  }

  private static Map<String, String> attributes(String[] parts) {
    Map<String, String> attrs = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      attrs.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return attrs;
  }

  private static SourcePosition position(Map<String, String> attrs) {
    return new SourcePosition(dec(attrs.get("key")), Long.parseLong(attrs.get("offset")), dec(attrs.get("fp")),
        dec(attrs.get("cursor")));
  }

  private static String counts(CounterSnapshot c, LineCounts lines) {
    Map<String, Long> extra = new LinkedHashMap<>();
    extra.put("lines", lines.lines());
    extra.put("unparsed", lines.unparsed());
    extra.put("overlong", lines.overlong());
    return StatLine.format(c, extra);
  }

  private static LineCounts lineCounts(Map<String, Long> f) {
    return new LineCounts(f.getOrDefault("lines", 0L), f.getOrDefault("unparsed", 0L),
        f.getOrDefault("overlong", 0L));
  }

  private static String enc(String s) {
    return s == null ? "-" : URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return s == null || s.equals("-") ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
