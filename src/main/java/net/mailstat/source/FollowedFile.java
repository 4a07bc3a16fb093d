package net.mailstat.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import net.mailstat.line.SourcePosition;

/** A followed log file, open: its channel, identity, and the line splitter for its bytes. */
final class FollowedFile implements AutoCloseable {
  final FileChannel channel;
  final String fileKey;
  private final FollowListener listener;
  private final int maxLineBytes;
  private final ByteBuffer buffer;
  private String fingerprint;
  private long startOffset;
  private long readOffset;
  private LineSplitter splitter;
  /** False once this file has been rotated away: its position is no longer what to resume from. */
  private boolean reportsPosition = true;

  private FollowedFile(FileChannel channel, String fileKey, FollowListener listener, int maxLineBytes,
      ByteBuffer buffer) throws IOException {
    this.channel = channel;
    this.fileKey = fileKey;
    this.listener = listener;
    this.maxLineBytes = maxLineBytes;
    this.buffer = buffer;
    this.fingerprint = FileFingerprint.of(channel);
    seek(0);
  }

  /** Opens the file under {@code path}; {@code buffer} is the follower's, shared by its files. */
  static FollowedFile open(Path path, FollowListener listener, int maxLineBytes, ByteBuffer buffer)
      throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      String key = String.valueOf(Files.readAttributes(path, BasicFileAttributes.class).fileKey());
      return new FollowedFile(ch, key, listener, maxLineBytes, buffer);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  String fingerprint() {
    return fingerprint;
  }

  /** The fingerprint of the file's first line as it is now, whatever was read. */
  String startNow() throws IOException {
    return FileFingerprint.of(channel);
  }

  long readOffset() {
    return readOffset;
  }

  /** Continues from {@code offset}, as if everything before it had been delivered. */
  void seek(long offset) {
    startOffset = offset;
    readOffset = offset;
    splitter = new LineSplitter(listener, maxLineBytes);
  }

  SourcePosition position() {
    return SourcePosition.ofFile(fileKey, startOffset + splitter.bytesConsumed(), fingerprint);
  }

  /** Rotated away: from now on its lines are delivered but its positions are not reported. */
  void rotatedAway() {
    reportsPosition = false;
  }

  /** Reads one buffer if there are new bytes; false at the end of the file. */
  boolean readAvailable() throws IOException {
    buffer.clear();
    int n = channel.read(buffer, readOffset);
    if (n <= 0) {
      return false;
    }
    // Bytes read after a copytruncate and regrowth would be from the middle of other lines:
    // only trust them if the file still starts as before (checked after the read, so a
    // truncation before it is always seen).
    String firstLine = FileFingerprint.of(channel);
    if (!fingerprint.isEmpty() && !fingerprint.equals(firstLine)) {
      return false;
    }
    readOffset += n;
    if (fingerprint.isEmpty()) {
      fingerprint = firstLine;
    }
    splitter.feed(buffer.array(), 0, n);
    if (reportsPosition) {
      listener.reached(position());
    }
    return true;
  }

  /** Reads until there are no new bytes. */
  void readToEnd() throws IOException {
    while (readAvailable()) {
      // each call delivers one buffer
    }
  }

  /** Delivers the last line even without its newline. */
  void finish() {
    splitter.finish();
    if (reportsPosition) {
      listener.reached(position());
    }
  }

  /**
   * Reads the file again from its start, as a new file starting with {@code start} (after a
   * truncation or a rewrite).
   */
  void restartFromBeginning(String start) {
    fingerprint = start;
    seek(0);
    listener.reached(position());
  }

  /** What the name {@code path} shows now, for {@link RotationCheck}; null when it is missing. */
  RotationCheck.Look look(BasicFileAttributes now) throws IOException {
    return now == null ? null
        : new RotationCheck.Look(String.valueOf(now.fileKey()), now.size(), FileFingerprint.of(channel));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
