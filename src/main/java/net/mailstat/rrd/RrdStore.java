package net.mailstat.rrd;

import java.io.IOException;

/**
 * One database file as the recorder writes it, in whichever format it is kept: rrd4j's (inside
 * this process) or rrdtool's (through the rrdtool program, for mailgraph.cgi and Cacti set-ups
 * that read mailgraph's files). Not thread-safe: the recorder guards it.
 */
sealed interface RrdStore permits Rrd4jStore, RrdtoolStore {
  /** Time of the last update (epoch seconds). */
  long lastUpdate();

  /** The data-source names, in the file's order. */
  String[] dsNames();

  /** One update at {@code time}, a value per data source in the file's order (NaN: unknown). */
  void update(long time, double[] values) throws IOException;

  /** Lets go of the file (this process may open it again later). */
  void release() throws IOException;
}
