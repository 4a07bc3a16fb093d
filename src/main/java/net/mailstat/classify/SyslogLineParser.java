package net.mailstat.classify;

import java.util.Arrays;

/**
 * Reads the syslog envelope of one line: timestamp, host, program and message. Recognised, by the
 * line's first byte:
 *
 * <ul>
 *   <li>RFC 3164 ({@code Nov 23 18:56:29 host prog[pid]: text}), optionally with fractional
 *       seconds, a FreeBSD {@code <facility.level>}, or a leading {@code <PRI>} as received over
 *       the network. Postfix's own {@code maillog_file} uses this form too;
 *   <li>RFC 3339 / ISO 8601 ({@code 2026-11-23T18:56:29.123456+01:00 host prog[pid]: text}),
 *       offsets written {@code Z}, {@code +01:00} or {@code +0100};
 *   <li>RFC 5424 ({@code <22>1 2026-11-23T18:56:29.123Z host app procid msgid sd text});
 *   <li>metalog ({@code Nov 23 18:56:29 [prog] text}, no host: it reads as {@code localhost});
 *   <li>multilog's TAI64N label ({@code @4000000065... prog: text}, host {@code localhost}).
 * </ul>
 */
final class SyslogLineParser {
  /** What {@link #parse} found. */
  enum Kind {
    MESSAGE,
    /** "last message repeated N times": {@link #repeatCount()} holds N. */
    REPEAT,
    /** "-- MARK --" and similar lines that carry no program. */
    NOISE,
    INVALID
  }

  private static final byte[] LAST_REPEATED = "last message repeated ".getBytes();
  private static final byte[] ABOVE_REPEATS = "above message repeats ".getBytes();
  private static final byte[] MARK = "-- MARK --".getBytes();
  private static final byte[] FREEBSD_LOG_LEVEL = "[LOG_".getBytes();
  private static final byte[] SOLARIS_MESSAGE_ID = "[ID ".getBytes();
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final long TAI64_EPOCH = 0x4000000000000000L + 10;

  private final Rfc3164Clock clock;
  private int repeatCount;
  private final byte[] lastStamp = new byte[32];
  private int lastStampLength = -1;
  private long lastStampEpoch;

  SyslogLineParser(Rfc3164Clock clock) {
    this.clock = clock;
  }

  int repeatCount() {
    return repeatCount;
  }

  Kind parse(byte[] b, int start, int end, ParsedLine out) {
    out.buf = b;
    int i = start;
    if (i >= end) {
      return Kind.INVALID;
    }
    if (b[i] == '<') {
      int close = i + 1;
      while (close < end && close < i + 5 && Bytes.isDigit(b[close])) {
        close++;
      }
      if (close == i + 1 || close >= end || b[close] != '>') {
        return Kind.INVALID;
      }
      i = close + 1;
      if (i + 1 < end && b[i] == '1' && b[i + 1] == ' ') {
        return parseRfc5424(b, i + 2, end, out);
      }
    }
    if (i >= end) {
      return Kind.INVALID;
    }
    byte first = b[i];
    if (Bytes.isDigit(first)) {
      int afterTime = parseIsoTimestamp(b, i, end, out);
      if (afterTime < 0 || afterTime >= end || b[afterTime] != ' ') {
        return Kind.INVALID;
      }
      return parseHostAndText(b, afterTime + 1, end, out);
    }
    if (first == '@') {
      return parseTai64n(b, i, end, out);
    }
    return parseRfc3164(b, i, end, out);
  }

  private Kind parseRfc3164(byte[] b, int i, int end, ParsedLine out) {
    // "Mmm dd hh:mm:ss" is at least 15 bytes; the day may be padded with a space.
    if (end - i < 16) {
      return Kind.INVALID;
    }
    int stamp = lastStampLength;
    int p;
    long epoch;
    if (stamp > 0 && end - i > stamp && Arrays.equals(b, i, i + stamp, lastStamp, 0, stamp)) {
      // Most lines share the previous line's second; same month, so the year tracking is unchanged.
      p = i + stamp;
      epoch = lastStampEpoch;
    } else {
      p = parseRfc3164Stamp(b, i, end);
      if (p < 0) {
        return Kind.INVALID;
      }
      epoch = lastStampEpoch;
    }
    if (p < end && b[p] == '.') {
      p++;
      while (p < end && Bytes.isDigit(b[p])) {
        p++;
      }
    }
    out.epochSecond = epoch;
    return parseRfc3164Rest(b, p, end, out);
  }

  /**
   * Reads "Mmm dd hh:mm:ss" at {@code i}; returns the index after it (its epoch second then in
   * {@link #lastStampEpoch}, and it is remembered for the next line) or -1.
   */
  private int parseRfc3164Stamp(byte[] b, int i, int end) {
    int month = monthIndex(b, i);
    if (month < 0 || b[i + 3] != ' ') {
      return -1;
    }
    int p = i + 4;
    while (p < end && b[p] == ' ') {
      p++;
    }
    int day = 0;
    int dayDigits = 0;
    while (p < end && Bytes.isDigit(b[p]) && dayDigits < 2) {
      day = day * 10 + (b[p++] - '0');
      dayDigits++;
    }
    if (dayDigits == 0 || p + 9 > end || b[p] != ' ') {
      return -1;
    }
    p++;
    int hour = Bytes.digits(b, p, 2);
    int minute = Bytes.digits(b, p + 3, 2);
    int second = Bytes.digits(b, p + 6, 2);
    if (hour < 0 || minute < 0 || second < 0 || b[p + 2] != ':' || b[p + 5] != ':') {
      return -1;
    }
    p += 8;
    long epoch = clock.epochSecond(month, day, hour, minute, second);
    if (epoch < 0 || minute > 59 || second > 60) {
      lastStampLength = -1;
      return -1;
    }
    lastStampEpoch = epoch;
    lastStampLength = p - i <= lastStamp.length ? p - i : -1;
    if (lastStampLength > 0) {
      System.arraycopy(b, i, lastStamp, 0, lastStampLength);
    }
    return p;
  }

  private Kind parseRfc3164Rest(byte[] b, int p, int end, ParsedLine out) {
    if (p >= end || b[p] != ' ') {
      return Kind.INVALID;
    }
    p++;
    if (p < end && b[p] == '<') {
      // FreeBSD verbose mode: " <mail.info>"
      int close = p;
      while (close < end && b[close] != '>' && b[close] != ' ') {
        close++;
      }
      if (close < end && b[close] == '>' && close + 1 < end && b[close + 1] == ' ') {
        p = close + 2;
      }
    }
    if (p < end && b[p] == '[') {
      return parseMetalogText(b, p, end, out);
    }
    return parseHostAndText(b, p, end, out);
  }

  /** "Nov" or, as Parse::Syslog also accepts, "nov". */
  private static int monthIndex(byte[] b, int i) {
    int first = b[i] & ~0x20;
    for (int m = 0; m < 12; m++) {
      int k = m * 3;
      if (first == MONTHS.charAt(k) && b[i + 1] == MONTHS.charAt(k + 1) && b[i + 2] == MONTHS.charAt(k + 2)) {
        return m;
      }
    }
    return -1;
  }

  /** Parses an ISO timestamp at {@code i}; returns the index after it, or -1. */
  private static int parseIsoTimestamp(byte[] b, int i, int end, ParsedLine out) {
    if (end - i < 20) {
      return -1;
    }
    int year = Bytes.digits(b, i, 4);
    int month = Bytes.digits(b, i + 5, 2);
    int day = Bytes.digits(b, i + 8, 2);
    int hour = Bytes.digits(b, i + 11, 2);
    int minute = Bytes.digits(b, i + 14, 2);
    int second = Bytes.digits(b, i + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 60
        || b[i + 4] != '-' || b[i + 7] != '-' || (b[i + 10] != 'T' && b[i + 10] != ' ')
        || b[i + 13] != ':' || b[i + 16] != ':') {
      return -1;
    }
    int p = i + 19;
    if (p < end && (b[p] == '.' || b[p] == ',')) {
      p++;
      while (p < end && Bytes.isDigit(b[p])) {
        p++;
      }
    }
    if (p >= end) {
      return -1;
    }
    int offsetSeconds;
    if (b[p] == 'Z' || b[p] == 'z') {
      offsetSeconds = 0;
      p++;
    } else if (b[p] == '+' || b[p] == '-') {
      int sign = b[p] == '-' ? -1 : 1;
      int oh = p + 3 <= end ? Bytes.digits(b, p + 1, 2) : -1;
      if (oh < 0) {
        return -1;
      }
      int q = p + 3;
      if (q < end && b[q] == ':') {
        q++;
      }
      int om = q + 2 <= end ? Bytes.digits(b, q, 2) : -1;
      if (om < 0) {
        return -1;
      }
      offsetSeconds = sign * (oh * 3600 + om * 60);
      p = q + 2;
    } else {
      return -1;
    }
    out.epochSecond =
        daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return p;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468;
  }

  private Kind parseRfc5424(byte[] b, int i, int end, ParsedLine out) {
    if (i < end && b[i] == '-') {
      out.epochSecond = 0;
      i++;
    } else {
      i = parseIsoTimestamp(b, i, end, out);
      if (i < 0) {
        return Kind.INVALID;
      }
    }
    if (i >= end || b[i] != ' ') {
      return Kind.INVALID;
    }
    out.hostStart = ++i;
    i = nextSpace(b, i, end);
    out.hostEnd = i;
    if (i >= end) {
      return Kind.INVALID;
    }
    out.programStart = ++i;
    i = nextSpace(b, i, end);
    out.programEnd = i;
    if (out.programEnd - out.programStart == 1 && b[out.programStart] == '-') {
      out.programEnd = out.programStart;
    }
    if (i >= end) {
      return Kind.INVALID;
    }
    i = nextSpace(b, i + 1, end); // PROCID
    if (i >= end) {
      return Kind.INVALID;
    }
    i = nextSpace(b, i + 1, end); // MSGID
    if (i >= end) {
      return Kind.INVALID;
    }
    i++;
    if (b[i] == '-') {
      i++;
    } else {
      while (i < end && b[i] == '[') {
        i++;
        while (i < end && b[i] != ']') {
          i += b[i] == '\\' ? 2 : 1;
        }
        if (i >= end) {
          return Kind.INVALID;
        }
        i++;
      }
    }
    if (i < end && b[i] == ' ') {
      i++;
    }
    if (i + 2 < end && (b[i] & 0xff) == 0xEF && (b[i + 1] & 0xff) == 0xBB && (b[i + 2] & 0xff) == 0xBF) {
      i += 3;
    }
    out.messageStart = i;
    out.messageEnd = end;
    return Kind.MESSAGE;
  }

  private Kind parseTai64n(byte[] b, int i, int end, ParsedLine out) {
    if (end - i < 26 || b[i + 25] != ' ') {
      return Kind.INVALID;
    }
    long seconds = 0;
    for (int k = 1; k <= 16; k++) {
      int v = Character.digit(b[i + k], 16);
      if (v < 0) {
        return Kind.INVALID;
      }
      seconds = (seconds << 4) | v;
    }
    out.epochSecond = seconds - TAI64_EPOCH;
    setLocalhost(out);
    return parseProgramAndMessage(b, i + 26, end, out);
  }

  private Kind parseMetalogText(byte[] b, int i, int end, ParsedLine out) {
    int close = i + 1;
    while (close < end && b[close] != ']') {
      close++;
    }
    if (close >= end || close + 1 >= end || b[close + 1] != ' ') {
      return Kind.INVALID;
    }
    setLocalhost(out);
    out.programStart = i + 1;
    out.programEnd = close;
    int p = close + 1;
    while (p < end && b[p] == ' ') {
      p++;
    }
    out.messageStart = p;
    out.messageEnd = end;
    return Kind.MESSAGE;
  }

  private static void setLocalhost(ParsedLine out) {
    // Lines without a host field get "localhost", as mailgraph does; point at a constant buffer.
    out.hostStart = -1;
    out.hostEnd = -1;
  }

  private Kind parseHostAndText(byte[] b, int i, int end, ParsedLine out) {
    int hostStart = i;
    while (i < end && isHostByte(b[i])) {
      i++;
    }
    if (i == hostStart || i >= end || b[i] != ' ') {
      return Kind.INVALID;
    }
    out.hostStart = hostStart;
    out.hostEnd = i;
    int hostLen = i - hostStart;
    while (i < end && b[i] == ' ') {
      i++;
    }
    if (Bytes.startsWith(b, i, end, FREEBSD_LOG_LEVEL)) {
      int close = i;
      while (close < end && b[close] != ']') {
        close++;
      }
      i = close + 1;
      while (i < end && b[i] == ' ') {
        i++;
      }
    }
    if (Bytes.startsWith(b, i, end, LAST_REPEATED) || Bytes.startsWith(b, i, end, ABOVE_REPEATS)) {
      int p = i + LAST_REPEATED.length;
      int n = 0;
      int digits = 0;
      while (p < end && Bytes.isDigit(b[p]) && digits < 9) {
        n = n * 10 + (b[p++] - '0');
        digits++;
      }
      if (digits == 0) {
        return Kind.INVALID;
      }
      repeatCount = n;
      return Kind.REPEAT;
    }
    if (Bytes.startsWith(b, i, end, MARK)) {
      return Kind.NOISE;
    }
    // Some senders repeat the host at the start of the text; mailgraph strips it.
    if (end - i > hostLen && b[i + hostLen] == ' ' && sameBytes(b, hostStart, i, hostLen)) {
      i += hostLen;
      while (i < end && b[i] == ' ') {
        i++;
      }
    }
    if (i + 1 < end && b[i] == ':' && b[i + 1] == ' ') {
      i += 2;
    }
    return parseProgramAndMessage(b, i, end, out);
  }

  private static boolean sameBytes(byte[] b, int a, int c, int len) {
    for (int k = 0; k < len; k++) {
      if (b[a + k] != b[c + k]) {
        return false;
      }
    }
    return true;
  }

  /** {@code program[pid]: message}, where the program runs up to the first colon. */
  private static Kind parseProgramAndMessage(byte[] b, int i, int end, ParsedLine out) {
    int colon = i;
    while (colon < end && b[colon] != ':') {
      colon++;
    }
    if (colon == i || colon + 1 >= end || (b[colon + 1] != ' ' && b[colon + 1] != '\t')) {
      return Kind.INVALID;
    }
    int programEnd = colon;
    if (b[colon - 1] == ']') {
      int open = colon - 2;
      while (open > i && Bytes.isDigit(b[open])) {
        open--;
      }
      if (b[open] == '[' && open < colon - 2) {
        programEnd = open;
      }
    }
    out.programStart = i;
    out.programEnd = programEnd;
    int p = colon + 1;
    while (p < end && (b[p] == ' ' || b[p] == '\t')) {
      p++;
    }
    if (Bytes.startsWith(b, p, end, SOLARIS_MESSAGE_ID)) {
      // Solaris message id: "[ID 123456 mail.info] "
      int close = p;
      while (close < end && b[close] != ']') {
        close++;
      }
      if (close + 1 < end && b[close + 1] == ' ') {
        p = close + 2;
      }
    }
    out.messageStart = p;
    out.messageEnd = end;
    return Kind.MESSAGE;
  }

  private static int nextSpace(byte[] b, int i, int end) {
    while (i < end && b[i] != ' ') {
      i++;
    }
    return i;
  }

  private static boolean isHostByte(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '@' || c == ':';
  }
}
