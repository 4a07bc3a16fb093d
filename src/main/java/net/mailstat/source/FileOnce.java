package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import net.mailstat.line.SourcePosition;

/**
 * A log read once, up to the end it has when the read starts, then done: {@link #run()} returns.
 * It continues from a saved position: in the file itself when the position is in it, otherwise in
 * the rotated generation that holds it (then the newer generations and the file from their
 * starts); a position found nowhere means the file is read from its start. A last line without a
 * newline is delivered and the position put after it, as a one-shot read of a finished log must.
 * It decides it is done by having read to the end, never by comparing positions.
 */
final class FileOnce implements LogSource {
  private static final int BUFFER_BYTES = 1 << 16;

  private final Path path;
  private final SourcePosition resume;
  private final int maxLineBytes;
  private final FollowListener listener;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private volatile boolean running = true;

  FileOnce(Path path, SourcePosition resume, int maxLineBytes, FollowListener listener) {
    this.path = path;
    this.resume = resume;
    this.maxLineBytes = maxLineBytes;
    this.listener = listener;
  }

  @Override
  public void run() {
    try (FileChannel current = FileChannel.open(path, StandardOpenOption.READ)) {
      String fileKey = String.valueOf(Files.readAttributes(path, BasicFileAttributes.class).fileKey());
      String fingerprint = FileFingerprint.of(current);
      long end = current.size();
      FileId file = new FileId(fileKey, fingerprint);
      long start = 0;
      if (resume != null && CatchUpPlan.continuesIn(resume, file, end)) {
        start = resume.offset();
      } else if (resume != null) {
        readRotatedSinceResume(file, end);
      }
      read(Channels.content(current, start, end), fileKey, fingerprint, start);
    } catch (NoSuchFileException e) {
      listener.trouble("cannot read " + path + ": no such file");
    } catch (AccessDeniedException e) {
      listener.trouble("cannot read " + path + ": permission denied");
    } catch (IOException e) {
      listener.trouble("cannot read " + path + ": " + e.getMessage());
    }
  }

  private void readRotatedSinceResume(FileId current, long currentSize) throws IOException {
    try (OpenGenerations rotated = OpenGenerations.open(path)) {
      for (CatchUpPlan.Read r : CatchUpPlan.resuming(resume, current, currentSize, rotated.ids()).reads()) {
        Generation g = rotated.oldestFirst().get(r.index());
        // Before the content is opened: reading the first line moves the channel under it.
        String fingerprint = g.fingerprint();
        try (InputStream in = g.contentFrom(r.offset())) {
          if (in != null) {
            read(in, g.fileKey, fingerprint, r.offset());
          }
        }
      }
    }
  }

  private void read(InputStream in, String fileKey, String fingerprint, long from) throws IOException {
    LineSplitter splitter = new LineSplitter(listener, maxLineBytes);
    int n;
    while (running && (n = in.read(buffer)) >= 0) {
      splitter.feed(buffer, 0, n);
      listener.reached(SourcePosition.ofFile(fileKey, from + splitter.bytesConsumed(), fingerprint));
    }
    if (running) {
      splitter.finish();
      listener.reached(SourcePosition.ofFile(fileKey, from + splitter.bytesConsumed(), fingerprint));
    }
  }

  @Override
  public void stop() {
    running = false;
  }

  /** The bytes of a channel between two offsets, as a stream. */
  private static final class Channels {
    private Channels() {}

    static InputStream content(FileChannel channel, long start, long end) {
      return new InputStream() {
        private long position = start;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (position >= end) {
            return -1;
          }
          int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
          if (n < 0) {
            return -1;
          }
          position += n;
          return n;
        }
      };
    }
  }
}
