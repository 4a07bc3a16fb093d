package net.mailstat.rrd;

/**
 * Which program's file format a recorder keeps its databases in. Existing files are always
 * continued in the format they have, as far as this allows.
 */
public enum RrdFormat {
  /** rrd4j's, written inside this process; an existing rrdtool file is refused (import it). */
  RRD4J,
  /**
   * rrdtool's, written through the rrdtool program and created with mailgraph's own definition;
   * existing rrd4j files are continued as rrd4j files. For {@code mailstat mailgraph}.
   */
  RRDTOOL
}
