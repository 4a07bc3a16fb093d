package net.mailstat.rrd;

import org.rrd4j.core.RrdDbPool;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * The application's pool of open rrd4j databases. Its files are read and written through
 * {@code RandomAccessFile} rather than rrd4j's default memory-mapped backend: that one keeps a
 * pool of up to six sync threads alive for the life of the process and maps every file, all for
 * databases of a few tens of KiB updated once a minute (docs/benchmarks.md, "Footprint").
 */
public final class RrdPools {
  private RrdPools() {}

  public static RrdDbPool create() {
    return new RrdDbPool(new RrdRandomAccessFileBackendFactory());
  }
}
