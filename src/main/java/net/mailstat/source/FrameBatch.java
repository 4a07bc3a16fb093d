package net.mailstat.source;

import net.mailstat.line.LineSink;

/**
 * Received frames packed into one reusable buffer, handed from a network thread to the counting
 * thread as a unit so that neither allocates per frame.
 */
final class FrameBatch {
  static final int BYTES = 256 * 1024;
  private static final int MAX_FRAMES = BYTES / 16;

  private final byte[] data = new byte[BYTES];
  private final int[] ends = new int[MAX_FRAMES];
  private int frames;
  private int fill;
  private int overlong;

  /** Adds one frame; false if it does not fit (the batch is then full). */
  boolean add(byte[] b, int off, int len) {
    if (frames == MAX_FRAMES || fill + len > BYTES) {
      return false;
    }
    System.arraycopy(b, off, data, fill, len);
    fill += len;
    ends[frames++] = fill;
    return true;
  }

  void overlong() {
    overlong++;
  }

  boolean isEmpty() {
    return frames == 0 && overlong == 0;
  }

  int frames() {
    return frames;
  }

  void deliverTo(LineSink sink) {
    int start = 0;
    for (int i = 0; i < frames; i++) {
      sink.line(data, start, ends[i]);
      start = ends[i];
    }
    for (int i = 0; i < overlong; i++) {
      sink.overlongLine();
    }
  }

  void clear() {
    frames = 0;
    fill = 0;
    overlong = 0;
  }
}
