package net.mailstat.json;

import java.util.Locale;

/**
 * The one JSON writer: builds a document in memory, escaping every string (quotes, backslashes,
 * control characters and the line separators U+2028/U+2029), with {@code ", "} and {@code ": "}
 * between items so that output reads like the hand-written JSON it replaced. Numbers that are not
 * finite are written as {@code null}. Calls must nest properly; a misuse throws
 * {@link IllegalStateException}, since it is a programming error, never a user's.
 */
public final class Json {
  private static final int MAX_DEPTH = 64;

  private final StringBuilder out = new StringBuilder();
  /** Per open container: whether it already holds an item, and whether it is an object. */
  private final boolean[] hasItem = new boolean[MAX_DEPTH];
  private final boolean[] isObject = new boolean[MAX_DEPTH];
  private int depth;
  private boolean afterName;

  public Json beginObject() {
    beforeValue();
    out.append('{');
    push(true);
    return this;
  }

  public Json endObject() {
    pop(true);
    out.append('}');
    return this;
  }

  public Json beginArray() {
    beforeValue();
    out.append('[');
    push(false);
    return this;
  }

  public Json endArray() {
    pop(false);
    out.append(']');
    return this;
  }

  /** The name of the next member of the current object. */
  public Json name(String name) {
    if (depth == 0 || !isObject[depth - 1] || afterName) {
      throw new IllegalStateException("a name outside an object");
    }
    separate();
    quote(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  public Json value(String s) {
    beforeValue();
    if (s == null) {
      out.append("null");
    } else {
      quote(s);
    }
    return this;
  }

  public Json value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  public Json value(boolean b) {
    beforeValue();
    out.append(b);
    return this;
  }

  /** A number with {@code decimals} digits after the point, or null if it is not finite. */
  public Json value(double v, int decimals) {
    beforeValue();
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      out.append("null");
    } else {
      out.append(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }
    return this;
  }

  public Json field(String name, String s) {
    return name(name).value(s);
  }

  public Json field(String name, long n) {
    return name(name).value(n);
  }

  public Json field(String name, boolean b) {
    return name(name).value(b);
  }

  public Json field(String name, double v, int decimals) {
    return name(name).value(v, decimals);
  }

  /** The document; all containers must be closed. */
  @Override
  public String toString() {
    if (depth != 0) {
      throw new IllegalStateException(depth + " containers left open");
    }
    return out.toString();
  }

  /** {@code s} as a JSON string literal. */
  public static String quoted(String s) {
    Json j = new Json();
    j.quote(s);
    return j.out.toString();
  }

  private void beforeValue() {
    if (depth > 0 && isObject[depth - 1]) {
      if (!afterName) {
        throw new IllegalStateException("a value in an object needs a name");
      }
      afterName = false;
      return;
    }
    if (depth == 0 && out.length() > 0) {
      throw new IllegalStateException("a second top-level value");
    }
    separate();
  }

  private void separate() {
    if (depth > 0) {
      if (hasItem[depth - 1]) {
        out.append(", ");
      }
      hasItem[depth - 1] = true;
    }
  }

  private void push(boolean object) {
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("nested deeper than " + MAX_DEPTH);
    }
    hasItem[depth] = false;
    isObject[depth] = object;
    depth++;
  }

  private void pop(boolean object) {
    if (depth == 0 || isObject[depth - 1] != object || afterName) {
      throw new IllegalStateException("unbalanced " + (object ? "object" : "array"));
    }
    depth--;
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)
              && !validSurrogate(s, i)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A lone surrogate would make the output invalid UTF-8; a proper pair is copied as is. */
  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
