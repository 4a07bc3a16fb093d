package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import net.mailstat.line.BatchPipe;
import net.mailstat.line.LineSink;

/**
 * Splits a byte stream into lines for a {@link LineSink}. Lines longer than {@code maxLineBytes}
 * are skipped up to their newline and reported as overlong, so one runaway line can neither grow
 * memory nor hide the lines after it. CR before LF is dropped.
 */
public final class LineSplitter {
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
  private static final int BUFFER_BYTES = 1 << 20;
  private static final int BATCHES = 6;
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

  /**
   * Like {@link #readAll}, but reading and splitting run on a second thread ("mailstat-reader")
   * while the calling thread delivers the lines to {@code sink}: a one-shot read of a large log
   * then uses two cores. The lines reach {@code sink} in order, on the calling thread, exactly as
   * {@link #readAll} would deliver them; memory is bounded by a few fixed batches.
   */
  public static void readAllOnTwoThreads(InputStream in, LineSink sink, int maxLineBytes) throws IOException {
    int batchBytes = Math.max(BUFFER_BYTES, maxLineBytes);
    BatchPipe<Batch> pipe = new BatchPipe<>(BATCHES, () -> new Batch(batchBytes));
    pipe.drainFrom("mailstat-reader", () -> {
      BatchingSink batching = new BatchingSink(pipe);
      new LineSplitter(batching, maxLineBytes).readAll(in);
      batching.flush();
    }, batch -> batch.deliver(sink));
  }

  /** Lines copied into one buffer; an overlong line is an entry with end -1. */
  private static final class Batch {
    final byte[] data;
    int used;
    int[] starts = new int[8192];
    int[] ends = new int[8192];
    int count;

    Batch(int bytes) {
      data = new byte[bytes];
    }

    boolean fits(int length) {
      return used + length <= data.length && count < starts.length;
    }

    void add(byte[] b, int start, int end) {
      System.arraycopy(b, start, data, used, end - start);
      starts[count] = used;
      ends[count++] = used + end - start;
      used += end - start;
    }

    void addOverlong() {
      starts[count] = used;
      ends[count++] = -1;
    }

    void deliver(LineSink sink) {
      for (int i = 0; i < count; i++) {
        if (ends[i] < 0) {
          sink.overlongLine();
        } else {
          sink.line(data, starts[i], ends[i]);
        }
      }
      used = 0;
      count = 0;
    }
  }

  /** The reader thread's sink: fills batches and passes the full ones on. */
  private static final class BatchingSink implements LineSink {
    private final BatchPipe<Batch> pipe;
    private Batch current;

    BatchingSink(BatchPipe<Batch> pipe) throws InterruptedException {
      this.pipe = pipe;
      this.current = pipe.takeFree();
    }

    @Override
    public void line(byte[] buf, int start, int end) {
      room(end - start);
      current.add(buf, start, end);
    }

    @Override
    public void overlongLine() {
      room(0);
      current.addOverlong();
    }

    private void room(int length) {
      if (!current.fits(length)) {
        current = pipe.next(current);
      }
    }

    void flush() {
      if (current.count > 0) {
        pipe.put(current);
      }
    }
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
