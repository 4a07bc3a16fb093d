package net.mailstat.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** One rotated generation of a log, opened (see {@link OpenGenerations}); possibly compressed. */
final class Generation implements AutoCloseable {
  final Path path;
  final String fileKey;
  final FileChannel channel;

  Generation(Path path, String fileKey, FileChannel channel) {
    this.path = path;
    this.fileKey = fileKey;
    this.channel = channel;
  }

  String fingerprint() throws IOException {
    try (InputStream in = contentKeptOpen()) {
      return FileFingerprint.of(in);
    }
  }

  FileId id() throws IOException {
    return new FileId(fileKey, fingerprint());
  }

  /** The decompressed content from its start; closing the stream leaves the channel open. */
  InputStream contentKeptOpen() throws IOException {
    channel.position(0);
    return new FilterInputStream(LogInput.gunzipIfCompressed(Channels.newInputStream(channel))) {
      @Override
      public void close() {
        // the channel stays open for the next read
      }
    };
  }

  /**
   * The decompressed content from {@code offset}; null if it is shorter than that (then all of
   * it was read already: copytruncate copies what was there at copy time, and the follower may
   * have read further before the truncation).
   */
  InputStream contentFrom(long offset) throws IOException {
    InputStream in = contentKeptOpen();
    return skipUpTo(in, offset) < offset ? null : in;
  }

  /** Skips {@code n} bytes or up to the end; returns how many were skipped. */
  private static long skipUpTo(InputStream in, long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      long k = in.skip(n - skipped);
      if (k <= 0) {
        if (in.read() < 0) {
          break;
        }
        k = 1;
      }
      skipped += k;
    }
    return skipped;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
