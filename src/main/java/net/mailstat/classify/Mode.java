package net.mailstat.classify;

/** Which meaning the counters have; see docs/counting.md. */
public enum Mode {
  /** Each message counted once on a Postfix + content-filter system. */
  DEFAULT,
  /** Debian mailgraph 1.14's rules and results, with its outright bugs fixed. */
  MAILGRAPH
}
