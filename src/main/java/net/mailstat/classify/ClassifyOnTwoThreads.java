package net.mailstat.classify;

import java.io.IOException;
import java.util.Arrays;
import net.mailstat.line.BatchPipe;
import net.mailstat.line.LineSink;

/**
 * Classifies a whole input as {@link Classifier#line} would, line by line, but with the preparing
 * half (envelope, --host, rule chain, literal checks) on a second thread ("mailstat-prepare") and
 * the counting half on the calling thread, which owns the classifier. For one-shot reads
 * (mailstat parse); memory is bounded by a few fixed batches.
 */
public final class ClassifyOnTwoThreads {
  private static final int BATCHES = 6;
  private static final int BATCH_LINES = 4096;
  private static final int BATCH_BYTES = 1 << 20;

  private ClassifyOnTwoThreads() {}

  /** Where the lines come from: delivers every line of the input to the sink. */
  @FunctionalInterface
  public interface Feed {
    void deliverTo(LineSink sink) throws IOException;
  }

  /** Classifies everything {@code feed} delivers with {@code classifier}; returns when it is all counted. */
  public static void classifyAll(Classifier classifier, Feed feed) throws IOException {
    BatchPipe<PreparedBatch> pipe = new BatchPipe<>(BATCHES, PreparedBatch::new);
    pipe.drainFrom("mailstat-prepare", () -> {
      BatchingPreparer batching = new BatchingPreparer(classifier, pipe);
      feed.deliverTo(batching);
      batching.flush();
    }, batch -> batch.countWith(classifier));
  }

  /** Lines copied into one buffer with their preparation. */
  private static final class PreparedBatch {
    final byte[] data = new byte[BATCH_BYTES];
    final LinePreparer.Prepared[] prepared = new LinePreparer.Prepared[BATCH_LINES];
    final boolean[] overlong = new boolean[BATCH_LINES];
    int used;
    int count;

    PreparedBatch() {
      for (int i = 0; i < prepared.length; i++) {
        prepared[i] = new LinePreparer.Prepared();
      }
    }

    boolean fits(int length) {
      return count < prepared.length && used + length <= data.length;
    }

    /** The counting half of every line, in order; empties the batch. */
    void countWith(Classifier classifier) {
      for (int i = 0; i < count; i++) {
        if (overlong[i]) {
          classifier.overlongLine();
        } else {
          classifier.apply(prepared[i]);
        }
      }
      used = 0;
      count = 0;
    }
  }

  /** The preparing thread's sink: copies each line into a batch, prepares it there, passes full batches on. */
  private static final class BatchingPreparer implements LineSink {
    private final Classifier classifier;
    private final BatchPipe<PreparedBatch> pipe;
    private PreparedBatch batch;

    BatchingPreparer(Classifier classifier, BatchPipe<PreparedBatch> pipe) throws InterruptedException {
      this.classifier = classifier;
      this.pipe = pipe;
      this.batch = pipe.takeFree();
    }

    @Override
    public void line(byte[] buf, int start, int end) {
      int length = end - start;
      byte[] target;
      int at;
      if (length <= BATCH_BYTES) {
        room(length);
        target = batch.data;
        at = batch.used;
        System.arraycopy(buf, start, target, at, length);
        batch.used += length;
      } else {
        // Only with --max-line-bytes above a batch's size: such a line gets its own array.
        room(0);
        target = Arrays.copyOfRange(buf, start, end);
        at = 0;
      }
      batch.overlong[batch.count] = false;
      classifier.prepare(target, at, at + length, batch.prepared[batch.count++]);
    }

    @Override
    public void overlongLine() {
      room(0);
      batch.overlong[batch.count++] = true;
    }

    private void room(int length) {
      if (!batch.fits(length)) {
        batch = pipe.next(batch);
      }
    }

    void flush() {
      if (batch.count > 0) {
        pipe.put(batch);
      }
    }
  }
}
