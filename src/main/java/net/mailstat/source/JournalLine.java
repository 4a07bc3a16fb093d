package net.mailstat.source;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@link JournalEntry} as the syslog line the parser reads:
 * {@code 2026-11-23T18:56:29.123456+00:00 host ident[pid]: message}, in UTC. A message of
 * several lines stays one line (its line breaks become spaces); an entry without a hostname reads
 * as {@code localhost}.
 */
final class JournalLine {
  private final byte[][] prefixes;
  private byte[] out = new byte[1024];
  private int len;

  JournalLine(List<String> identifierPrefixes) {
    prefixes = identifierPrefixes.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /** Whether the entry is a mail program's message that has a time. */
  boolean wanted(JournalEntry e) {
    if (e.identifier == null || e.message == null || e.realtimeMicros < 0) {
      return false;
    }
    byte[] id = e.identifier.getBytes(StandardCharsets.UTF_8);
    for (byte[] p : prefixes) {
      if (id.length >= p.length && java.util.Arrays.equals(id, 0, p.length, p, 0, p.length)) {
        return true;
      }
    }
    return false;
  }

  /** Formats {@code e}; the line is {@code buffer()[0, length())}, valid until the next call. */
  void format(JournalEntry e) {
    len = 0;
    appendTime(e.realtimeMicros);
    append(' ');
    appendText(e.hostname == null || e.hostname.isEmpty() ? "localhost" : e.hostname);
    append(' ');
    appendText(e.identifier);
    String pid = e.syslogPid != null ? e.syslogPid : e.pid;
    if (pid != null && !pid.isEmpty()) {
      append('[');
      appendText(pid);
      append(']');
    }
    append(':');
    append(' ');
    for (byte b : e.message) {
      append(b == '\n' || b == '\r' ? (byte) ' ' : b);
    }
  }

  byte[] buffer() {
    return out;
  }

  int length() {
    return len;
  }

  private void appendTime(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int fraction = (int) Math.floorMod(micros, 1_000_000L);
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
    appendDigits(t.getYear(), 4);
    append('-');
    appendDigits(t.getMonthValue(), 2);
    append('-');
    appendDigits(t.getDayOfMonth(), 2);
    append('T');
    appendDigits(t.getHour(), 2);
    append(':');
    appendDigits(t.getMinute(), 2);
    append(':');
    appendDigits(t.getSecond(), 2);
    append('.');
    appendDigits(fraction, 6);
    appendText("+00:00");
  }

  private void appendDigits(int value, int width) {
    for (int div = (int) Math.pow(10, width - 1); div > 0; div /= 10) {
      append((byte) ('0' + (value / div) % 10));
    }
  }

  private void appendText(String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      append(b == ' ' || b == '\n' || b == '\r' ? (byte) '_' : b);
    }
  }

  private void append(char c) {
    append((byte) c);
  }

  private void append(byte b) {
    if (len == out.length) {
      out = java.util.Arrays.copyOf(out, out.length * 2);
    }
    out[len++] = b;
  }
}
