package net.mailstat.rrd;

import org.rrd4j.core.RrdDbPool;
import org.rrd4j.core.RrdNioBackendFactory;
import org.rrd4j.core.RrdSyncThreadPool;

/**
 * The application's pool of open rrd4j databases, in rrd4j's default memory-mapped backend but
 * with one sync thread instead of its default pool of up to six, kept for the life of the process
 * (docs/benchmarks.md, "Footprint"). A RandomAccessFile backend would need no thread at all but
 * made a 30-day backfill twice as slow (a system call per value).
 */
public final class RrdPools {
  private RrdPools() {}

  public static RrdDbPool create() {
    RrdSyncThreadPool sync = new RrdSyncThreadPool(1, r -> {
      Thread t = new Thread(r, "rrd-sync");
      t.setDaemon(true);
      return t;
    });
    return new RrdDbPool(new RrdNioBackendFactory(RrdNioBackendFactory.DEFAULT_SYNC_PERIOD, sync));
  }
}
