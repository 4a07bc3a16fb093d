package net.mailstat.daemon;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-host rows one counting process keeps, shared by all its sources: at most {@code max}
 * syslog host names get a row of their own (in checkpoints, the hosts file and, with
 * {@code --rrd-per-host}, a set of RRD files each); every further host is counted under the one row
 * {@link #OTHER}, with one warning. Without this a sender rotating host names would grow memory,
 * checkpoints and files without limit. Hosts already in the checkpoint keep their rows across
 * restarts. Thread-safe: every source thread asks it.
 */
final class HostRows {
  private static final Logger log = LoggerFactory.getLogger(HostRows.class);
  /** The row of every host beyond the limit (a host really named so shares it). */
  static final String OTHER = "other";
  static final int DEFAULT_MAX = 1000;

  private final int max;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private volatile boolean warned;

  /** {@code saved}: host rows of the checkpoint, kept whatever their number. */
  HostRows(int max, Collection<String> saved) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one host row");
    }
    this.max = max;
    known.addAll(saved);
  }

  /** The row {@code host} is counted in: its own, or {@link #OTHER} once {@code max} hosts have one. */
  String rowOf(String host) {
    if (known.contains(host)) {
      return host;
    }
    synchronized (this) {
      if (known.contains(host)) {
        return host;
      }
      if (known.size() < max) {
        known.add(host);
        return host;
      }
    }
    if (!warned) {
      warned = true;
      log.warn("more than {} syslog hosts: host '{}' and every further new one are counted under '{}'"
          + " (raise --max-hosts if these hosts are real)", max, printable(host), OTHER);
    }
    return OTHER;
  }

  /** A name from a hostile sender, safe to log: control characters become '?'. */
  private static String printable(String host) {
    StringBuilder sb = new StringBuilder(host.length());
    host.chars().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
    return sb.toString();
  }
}
