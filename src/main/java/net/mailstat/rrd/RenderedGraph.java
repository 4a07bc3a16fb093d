package net.mailstat.rrd;

import java.util.List;

/** A rendered PNG and the numbers printed in its legend. */
public record RenderedGraph(byte[] png, List<LegendLine> legend) {}
