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

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
