package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import net.mailstat.line.LineSink;

/**
 * Splits a byte stream into lines for a {@link LineSink}. Lines longer than {@code maxLineBytes}
 * are skipped up to their newline and reported as overlong, so one runaway line can neither grow
 * memory nor hide the lines after it. CR before LF is dropped.
 */
public final class LineSplitter {
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
  private static final int BUFFER_BYTES = 1 << 20;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final LineSink sink;
  private final int maxLineBytes;
  private byte[] buf;
  private int fill;
  private boolean skippingOverlong;
  private long bytesConsumed;

  public LineSplitter(LineSink sink, int maxLineBytes) {
    this.sink = sink;
    this.maxLineBytes = maxLineBytes;
    this.buf = new byte[Math.max(BUFFER_BYTES, maxLineBytes + 1)];
  }

  /** Reads {@code in} to its end; a last line without newline is delivered too. */
  public void readAll(InputStream in) throws IOException {
    int n;
    while ((n = in.read(buf, fill, buf.length - fill)) >= 0) {
      fill += n;
      drain();
    }
    finish();
  }

  /** Bytes of complete lines handed to the sink so far (the position to resume after). */
  public long bytesConsumed() {
    return bytesConsumed;
  }

  /** Offers more bytes; complete lines go to the sink, a partial last line is kept. */
  public void feed(byte[] data, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, buf.length - fill);
      System.arraycopy(data, off, buf, fill, n);
      fill += n;
      off += n;
      len -= n;
      drain();
    }
  }

  /** Bytes held back as an incomplete line. */
  public int pendingBytes() {
    return fill;
  }

  /** Delivers a pending partial line as a line (end of input). */
  public void finish() {
    if (fill > 0) {
      if (skippingOverlong) {
        skippingOverlong = false;
      } else {
        emit(0, fill);
      }
      bytesConsumed += fill;
      fill = 0;
    }
  }

  private void drain() {
    int start = 0;
    int i;
    while ((i = indexOfNewline(buf, start, fill)) >= 0) {
      if (skippingOverlong) {
        skippingOverlong = false;
      } else {
        emit(start, i);
      }
      start = i + 1;
    }
    bytesConsumed += start;
    int rest = fill - start;
    if (rest > maxLineBytes) {
      if (!skippingOverlong) {
        sink.overlongLine();
      }
      skippingOverlong = true;
      bytesConsumed += rest;
      rest = 0;
    } else if (start > 0) {
      System.arraycopy(buf, start, buf, 0, rest);
    }
    fill = rest;
  }

  /** The first '\n' in {@code b[from, to)}, or -1; eight bytes at a time (the bytes are in a long). */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long zeroBytes = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (zeroBytes != 0) {
        return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void emit(int start, int end) {
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    if (end - start > maxLineBytes) {
      sink.overlongLine();
    } else {
      sink.line(buf, start, end);
    }
  }
}
