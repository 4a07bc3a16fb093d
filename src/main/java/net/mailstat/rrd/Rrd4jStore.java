package net.mailstat.rrd;

import java.io.IOException;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDbPool;
import org.rrd4j.core.Sample;

/** A database in rrd4j's format, held open in the application's pool (shared with the graphs). */
final class Rrd4jStore implements RrdStore {
  private final RrdDbPool pool;
  private final RrdDb db;
  private long lastUpdate;

  Rrd4jStore(RrdDbPool pool, RrdDb db) throws IOException {
    this.pool = pool;
    this.db = db;
    this.lastUpdate = db.getLastUpdateTime();
  }

  @Override
  public long lastUpdate() {
    return lastUpdate;
  }

  @Override
  public String[] dsNames() {
    try {
      return db.getDsNames();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void update(long time, double[] values) throws IOException {
    Sample sample = db.createSample(time);
    for (int i = 0; i < values.length; i++) {
      sample.setValue(i, values[i]);
    }
    sample.update();
    lastUpdate = time;
  }

  @Override
  public void release() throws IOException {
    pool.release(db);
  }
}
