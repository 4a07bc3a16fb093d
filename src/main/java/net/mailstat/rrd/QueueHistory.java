package net.mailstat.rrd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.mailstat.queue.QueueName;
import net.mailstat.queue.QueueSnapshot;

/**
 * The queue database ({@link FamilyDatabase#QUEUES}): one GAUGE update per queue sample, at the
 * sample's own time (wall clock, not log time). An unavailable sample (Postfix stopped, missing,
 * or not ours to ask) is written as unknown, never as empty queues, and creates no file; a
 * sample not newer than the last update is skipped (rrd4j needs strictly increasing times). Not
 * thread-safe: the recorder guards it.
 */
final class QueueHistory {
  private final Path path;
  private final RrdStores stores;
  private RrdStore store;
  private int[] columns;
  private long lastUpdate = Long.MIN_VALUE;
  private boolean released;

  QueueHistory(RrdFiles files, RrdStores stores) throws IOException {
    this.path = files.path(FamilyDatabase.QUEUES, null);
    this.stores = stores;
    if (Files.isRegularFile(path)) {
      open(stores.open(path));
    } else {
      stores.requireCreatable(path);
    }
  }

  private void open(RrdStore s) {
    store = s;
    lastUpdate = s.lastUpdate();
    String[] names = s.dsNames();
    columns = new int[names.length];
    for (int c = 0; c < names.length; c++) {
      columns[c] = FamilyDatabase.QUEUES.slot(names[c]);
    }
  }

  /** Writes {@code sample}; false if it was skipped (already written, or unavailable before any file). */
  boolean write(QueueSnapshot sample) throws IOException {
    long time = sample.epochSecond();
    if (released) {
      return false;
    }
    if (store == null) {
      if (!sample.up()) {
        return false;
      }
      open(stores.create(FamilyDatabase.QUEUES, path, time - 1));
    }
    if (time <= lastUpdate) {
      return false;
    }
    double[] values = new double[columns.length];
    Arrays.fill(values, Double.NaN);
    if (sample.up()) {
      QueueName[] queues = QueueName.values();
      for (int c = 0; c < columns.length; c++) {
        if (columns[c] >= 0 && columns[c] < queues.length) {
          values[c] = sample.totals(queues[columns[c]]).messages();
        }
      }
    }
    store.update(time, values);
    lastUpdate = time;
    return true;
  }

  /** Lets go of the file; later samples are skipped. */
  void release() throws IOException {
    released = true;
    if (store != null) {
      store.release();
      store = null;
    }
  }
}
