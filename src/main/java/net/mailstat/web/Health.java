package net.mailstat.web;

import java.util.List;

/**
 * The health summary shown beside the graphs and served as {@code /api/health}: whether all is
 * well and one line per source and per other fact (last RRD update, last commit). Immutable.
 */
public record Health(boolean healthy, List<String> lines) {
  public Health {
    lines = List.copyOf(lines);
  }
}
