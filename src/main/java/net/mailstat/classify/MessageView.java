package net.mailstat.classify;

/**
 * A reusable {@link CharSequence} over a byte range, one char per byte (ISO-8859-1), so regular
 * expressions can run on log bytes without decoding or copying. Invalid UTF-8 cannot break it.
 */
final class MessageView implements CharSequence {
  private byte[] buf;
  private int start;
  private int end;

  MessageView set(byte[] buf, int start, int end) {
    this.buf = buf;
    this.start = start;
    this.end = end;
    return this;
  }

  @Override
  public int length() {
    return end - start;
  }

  @Override
  public char charAt(int index) {
    return (char) (buf[start + index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return Bytes.latin1(buf, start + from, start + to);
  }

  @Override
  public String toString() {
    return Bytes.latin1(buf, start, end);
  }
}
