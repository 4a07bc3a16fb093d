package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Catch-up progress: at most every 200 ms, and once more at the end with done equal to the total. */
class CatchUpProgressTest {
  private final RecordingListener listener = new RecordingListener();
  private final AtomicLong nanos = new AtomicLong(CatchUpProgress.EVERY_NANOS + 1);
  private final CatchUpProgress progress = new CatchUpProgress(listener, nanos::get);

  @Test
  void reportsAreSpacedAndCountThePartsReadBefore() {
    progress.start(1000);
    progress.reading(100);
    progress.reading(200); // too soon
    nanos.addAndGet(CatchUpProgress.EVERY_NANOS + 1);
    progress.partDone(300);
    progress.reading(50);
    progress.finish();
    progress.finish();
    assertThat(listener.progress).containsExactly(new long[] {100, 1000}, new long[] {350, 1000},
        new long[] {1000, 1000});
  }

  @Test
  void doneNeverPassesTheTotal() {
    progress.start(100);
    progress.partDone(90);
    progress.reading(60); // the file grew while it was read
    assertThat(listener.progress).containsExactly(new long[] {100, 100});
  }

  @Test
  void aCatchUpWithoutATotalIsNotReported() {
    progress.reading(10);
    progress.partDone(10);
    progress.finish();
    assertThat(listener.progress).isEmpty();
  }

  @Test
  void nothingIsReportedAfterTheEnd() {
    progress.start(10);
    progress.finish();
    nanos.addAndGet(CatchUpProgress.EVERY_NANOS + 1);
    progress.reading(5);
    assertThat(listener.progress).containsExactly(new long[] {10, 10});
  }
}
