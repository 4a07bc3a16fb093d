package net.mailstat.source;

import net.mailstat.line.LineSink;

/**
 * Cuts one TCP syslog stream into frames, choosing the framing per frame as rsyslog does: a frame
 * that starts with a non-zero digit and continues with digits and a space is octet-counted (RFC
 * 6587 3.4.1, {@code 57 <34>1 ...}); any other frame ends at the next LF (3.4.2). A line
 * without a priority that starts with digits and a space ({@code 12 foo}) is therefore read as an
 * octet count; syslog lines start with {@code <}, a month or an ISO date, so this does not happen
 * with real senders.
 *
 * <p>Memory is bounded by {@code maxFrameBytes}: a longer frame is skipped to its end (the count,
 * or the next LF) and reported once as overlong. A count that lies only shifts where the next frame
 * starts: the bytes after it are read as the next frame, whatever they are.
 */
final class StreamFramer {
  private static final int MAX_COUNT_DIGITS = 9;

  private enum State {
    START,
    COUNT,
    COUNTED,
    SKIP_COUNTED,
    LINE,
    SKIP_LINE
  }

  private final LineSink sink;
  private final int maxFrameBytes;
  private State state = State.START;
  private byte[] partial = new byte[256];
  private int partialLen;
  private int digits;
  private long remaining;

  StreamFramer(LineSink sink, int maxFrameBytes) {
    this.sink = sink;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Reads {@code b[off, off+len)}; complete frames go to the sink, a partial one is kept. */
  void feed(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      switch (state) {
        case START -> {
          byte c = b[i];
          if (c == '\n' || c == '\r' || c == 0) {
            i++; // blank lines and NUL terminators of old senders separate nothing
          } else if (c >= '1' && c <= '9') {
            state = State.COUNT;
            digits = 0;
            remaining = 0;
            partialLen = 0;
          } else {
            state = State.LINE;
            partialLen = 0;
          }
        }
        case COUNT -> {
          byte c = b[i];
          if (c >= '0' && c <= '9' && digits < MAX_COUNT_DIGITS) {
            remaining = remaining * 10 + (c - '0');
            append(b, i, 1);
            digits++;
            i++;
          } else if (c == ' ') {
            i++;
            partialLen = 0;
            if (remaining > maxFrameBytes) {
              sink.overlongLine();
              state = State.SKIP_COUNTED;
            } else {
              state = State.COUNTED;
            }
          } else {
            state = State.LINE; // the digits begin an ordinary line; they are already in partial
          }
        }
        case COUNTED -> {
          int n = (int) Math.min(remaining, end - i);
          if (partialLen == 0 && n == remaining) {
            emit(b, i, n);
          } else {
            append(b, i, n);
            if (n == remaining) {
              emit(partial, 0, partialLen);
            }
          }
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = State.START;
            partialLen = 0;
          }
        }
        case SKIP_COUNTED -> {
          int n = (int) Math.min(remaining, end - i);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = State.START;
          }
        }
        case LINE -> {
          int lf = indexOf(b, i, end, (byte) '\n');
          int stop = lf < 0 ? end : lf;
          if (partialLen + (stop - i) > maxFrameBytes) {
            sink.overlongLine();
            state = State.SKIP_LINE;
            partialLen = 0;
            continue;
          }
          if (lf < 0) {
            append(b, i, end - i);
            i = end;
          } else {
            if (partialLen == 0) {
              emit(b, i, lf - i);
            } else {
              append(b, i, lf - i);
              emit(partial, 0, partialLen);
              partialLen = 0;
            }
            i = lf + 1;
            state = State.START;
          }
        }
        case SKIP_LINE -> {
          int lf = indexOf(b, i, end, (byte) '\n');
          if (lf < 0) {
            i = end;
          } else {
            i = lf + 1;
            state = State.START;
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  /**
   * The connection has ended. A last line without LF is a frame (senders that close right after
   * their last message); a counted frame cut short is dropped. Returns true if a frame was cut.
   */
  boolean close() {
    boolean cut = false;
    if (state == State.LINE && partialLen > 0) {
      emit(partial, 0, partialLen);
    } else if (state == State.COUNTED || state == State.SKIP_COUNTED || state == State.COUNT) {
      cut = true;
    }
    state = State.START;
    partialLen = 0;
    return cut;
  }

  /** Bytes held for an incomplete frame. */
  int pendingBytes() {
    return partialLen;
  }

  private void emit(byte[] b, int off, int len) {
    int end = trimmedEnd(b, off, off + len);
    if (end > off) {
      sink.line(b, off, end);
    }
  }

  /** The end of {@code b[start, end)} without trailing LF, CR and NUL. */
  static int trimmedEnd(byte[] b, int start, int end) {
    while (end > start && (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == 0)) {
      end--;
    }
    return end;
  }

  private void append(byte[] b, int off, int len) {
    if (partialLen + len > partial.length) {
      int size = partial.length;
      while (size < partialLen + len) {
        size *= 2;
      }
      partial = java.util.Arrays.copyOf(partial, Math.min(size, maxFrameBytes + MAX_COUNT_DIGITS + 1));
    }
    System.arraycopy(b, off, partial, partialLen, len);
    partialLen += len;
  }

  private static int indexOf(byte[] b, int from, int end, byte value) {
    for (int i = from; i < end; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
