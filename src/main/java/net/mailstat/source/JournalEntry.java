package net.mailstat.source;

import java.nio.charset.StandardCharsets;

/**
 * One entry of {@code journalctl -o json}: a flat JSON object whose values are strings, null (a
 * field too large to show), an array of byte values (a field that is not valid UTF-8), or an array
 * of those (a field the entry has more than once; the first is used). Only the fields mailstat
 * needs are kept. Reused from entry to entry; {@link #parse} reports malformed input by
 * returning false, never by throwing.
 */
final class JournalEntry {
  String cursor;
  long realtimeMicros = -1;
  String hostname;
  String identifier;
  String syslogPid;
  String pid;
  /** Trusted fields, set by journald: the unit, executable and process name of the sender. */
  String unit;
  String exe;
  String comm;
  byte[] message;

  private byte[] in;
  private int pos;
  private int end;
  private byte[] text = new byte[256];
  private int textLen;
  /** Whether the last value read was null (nothing stored in {@code text}). */
  private boolean valueIsNull;

  /** Reads {@code b[start, end)}; false if it is not a JSON object. */
  boolean parse(byte[] b, int start, int end) {
    cursor = null;
    realtimeMicros = -1;
    hostname = null;
    identifier = null;
    syslogPid = null;
    pid = null;
    unit = null;
    exe = null;
    comm = null;
    message = null;
    this.in = b;
    this.pos = start;
    this.end = end;
    try {
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        return true;
      }
      while (true) {
        skipSpace();
        String key = readString() ? new String(text, 0, textLen, StandardCharsets.UTF_8) : null;
        if (key == null) {
          return false;
        }
        skipSpace();
        expect(':');
        skipSpace();
        if (!readValue()) {
          return false;
        }
        store(key);
        skipSpace();
        byte c = next();
        if (c == '}') {
          return true;
        }
        if (c != ',') {
          return false;
        }
      }
    } catch (Malformed e) {
      return false;
    }
  }

  private void store(String key) {
    if (valueIsNull) {
      return;
    }
    switch (key) {
      case "__CURSOR" -> cursor = string();
      case "__REALTIME_TIMESTAMP" -> realtimeMicros = parseLong(string());
      case "_HOSTNAME" -> hostname = string();
      case "SYSLOG_IDENTIFIER" -> identifier = string();
      case "SYSLOG_PID" -> syslogPid = string();
      case "_PID" -> pid = string();
      case "_SYSTEMD_UNIT" -> unit = string();
      case "_EXE" -> exe = string();
      case "_COMM" -> comm = string();
      case "MESSAGE" -> message = java.util.Arrays.copyOf(text, textLen);
      default -> { }
    }
  }

  private String string() {
    return new String(text, 0, textLen, StandardCharsets.UTF_8);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Reads any value into {@code text}: a string, a byte array, the first of several, or null. */
  private boolean readValue() {
    textLen = 0;
    valueIsNull = false;
    byte c = peek();
    if (c == '"') {
      return readString();
    }
    if (c == 'n') {
      expectWord("null");
      valueIsNull = true;
      return true;
    }
    if (c == '[') {
      return readArray();
    }
    skipScalar(); // numbers, true, false: no field mailstat needs has them
    valueIsNull = true;
    return true;
  }

  /** [1,2,3] are bytes; ["a","b"] or [[1],[2]] are repeated fields, of which the first is kept. */
  private boolean readArray() {
    expect('[');
    skipSpace();
    if (peek() == ']') {
      pos++;
      return true;
    }
    byte first = peek();
    if (first == '"' || first == '[' || first == 'n') {
      int keptLen = -1;
      byte[] kept = null;
      while (true) {
        skipSpace();
        if (!readValue()) {
          return false;
        }
        if (kept == null && !valueIsNull) {
          kept = java.util.Arrays.copyOf(text, textLen);
          keptLen = textLen;
        }
        skipSpace();
        byte c = next();
        if (c == ']') {
          break;
        }
        if (c != ',') {
          return false;
        }
      }
      valueIsNull = kept == null;
      textLen = 0;
      if (kept != null) {
        appendBytes(kept, keptLen);
      }
      return true;
    }
    while (true) {
      skipSpace();
      int value = 0;
      int digits = 0;
      while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
        value = value * 10 + (in[pos++] - '0');
        if (++digits > 3) {
          return false;
        }
      }
      if (digits == 0 || value > 255) {
        return false;
      }
      append((byte) value);
      skipSpace();
      byte c = next();
      if (c == ']') {
        return true;
      }
      if (c != ',') {
        return false;
      }
    }
  }

  private boolean readString() {
    if (peek() != '"') {
      return false;
    }
    pos++;
    textLen = 0;
    while (true) {
      byte c = next();
      if (c == '"') {
        return true;
      }
      if (c != '\\') {
        append(c);
        continue;
      }
      byte e = next();
      switch (e) {
        case '"', '\\', '/' -> append(e);
        case 'b' -> append((byte) '\b');
        case 'f' -> append((byte) '\f');
        case 'n' -> append((byte) '\n');
        case 'r' -> append((byte) '\r');
        case 't' -> append((byte) '\t');
        case 'u' -> appendCodePoint(readUnicodeEscape());
        default -> {
          return false;
        }
      }
    }
  }

  private int readUnicodeEscape() {
    int unit = hex4();
    if (Character.isHighSurrogate((char) unit) && pos + 1 < end && in[pos] == '\\' && in[pos + 1] == 'u') {
      pos += 2;
      int low = hex4();
      if (Character.isLowSurrogate((char) low)) {
        return Character.toCodePoint((char) unit, (char) low);
      }
      return 0xFFFD;
    }
    return Character.isSurrogate((char) unit) ? 0xFFFD : unit;
  }

  private int hex4() {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(next(), 16);
      if (d < 0) {
        throw new Malformed();
      }
      v = v * 16 + d;
    }
    return v;
  }

  private void appendCodePoint(int cp) {
    byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    appendBytes(utf8, utf8.length);
  }

  private void appendBytes(byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      append(b[i]);
    }
  }

  private void append(byte b) {
    if (textLen == text.length) {
      text = java.util.Arrays.copyOf(text, text.length * 2);
    }
    text[textLen++] = b;
  }

  private void skipScalar() {
    while (pos < end && in[pos] != ',' && in[pos] != '}' && in[pos] != ']') {
      pos++;
    }
  }

  private void expectWord(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (next() != word.charAt(i)) {
        throw new Malformed();
      }
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw new Malformed();
    }
  }

  private byte peek() {
    if (pos >= end) {
      throw new Malformed();
    }
    return in[pos];
  }

  private byte next() {
    if (pos >= end) {
      throw new Malformed();
    }
    return in[pos++];
  }

  private void skipSpace() {
    while (pos < end && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\r' || in[pos] == '\n')) {
      pos++;
    }
  }

  /** Malformed JSON: unwinds the parser, never leaves {@link #parse}. */
  private static final class Malformed extends RuntimeException {
    Malformed() {
      super(null, null, false, false);
    }
  }
}
