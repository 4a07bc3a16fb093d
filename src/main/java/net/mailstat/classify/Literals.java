package net.mailstat.classify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct {@code has=}/{@code any=}/{@code not=} literals of a rule set, numbered, so that a
 * line's message is searched for each literal at most once however many rules name it.
 */
final class Literals {
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<byte[]> bytes = new ArrayList<>();

  int id(String literal) {
    return ids.computeIfAbsent(literal, l -> {
      bytes.add(l.getBytes(StandardCharsets.ISO_8859_1));
      return bytes.size() - 1;
    });
  }

  Scan newScan() {
    String[] texts = new String[bytes.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = new String(bytes.get(i), StandardCharsets.ISO_8859_1);
    }
    return new Scan(texts);
  }

  /**
   * One thread's per-line memo of which literals the current message contains. The message is
   * copied into a (Latin-1) String on the first search, because the JVM's String.indexOf is
   * vectorised and a byte loop is not; that copy is the only per-line allocation.
   */
  static final class Scan {
    private final String[] literals;
    private final int[] stamp;
    private final boolean[] found;
    private int line = 1;
    private String text;
    private byte[] buf;
    private int start;
    private int end;

    private Scan(String[] literals) {
      this.literals = literals;
      this.stamp = new int[literals.length];
      this.found = new boolean[literals.length];
    }

    /** Forgets the previous line's answers. */
    void nextLine(byte[] buf, int start, int end) {
      this.buf = buf;
      this.start = start;
      this.end = end;
      text = null;
      line++;
      if (line == 0) {
        java.util.Arrays.fill(stamp, 0);
        line = 1;
      }
    }

    boolean contains(int id) {
      if (stamp[id] != line) {
        stamp[id] = line;
        found[id] = text().indexOf(literals[id]) >= 0;
      }
      return found[id];
    }

    /** The current message as a String (made once per line, on demand). */
    String text() {
      if (text == null) {
        text = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
      }
      return text;
    }
  }
}
