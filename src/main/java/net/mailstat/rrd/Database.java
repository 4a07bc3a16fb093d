package net.mailstat.rrd;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.mailstat.count.Category;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDef;

/**
 * The three databases of a set, with mailgraph 1.14's layout: 60 s step, ABSOLUTE data sources
 * (each update carries the count of one minute), heartbeat 120 s, minimum 0, and AVERAGE and MAX
 * archives of 198 rows at 8, 56, 280 and 3360 steps (day, week, month, year). Data-source names
 * are persisted contracts (docs/rrd.md): never rename them.
 */
public enum Database implements RrdLayout {
  MAIL("", List.of(
      new Source("sent", Category.SENT),
      new Source("recv", Category.RECEIVED),
      new Source("bounced", Category.BOUNCED),
      new Source("rejected", Category.REJECTED),
      new Source("delivered", Category.DELIVERED))),
  VIRUS("_virus", List.of(new Source("virus", Category.VIRUS), new Source("spam", Category.SPAM))),
  GREYLIST("_greylist", List.of(
      new Source("greylisted", Category.GREYLISTED),
      new Source("delayed", Category.DELAYED)));

  /** One data source and the category it counts. */
  public record Source(String name, Category category) {}

  public static final long STEP = 60;
  static final long HEARTBEAT = 2 * STEP;
  static final int ROWS = 198;
  static final int[] STEPS_PER_ROW = {8, 56, 280, 3360};

  private final String suffix;
  private final List<Source> sources;

  Database(String suffix, List<Source> sources) {
    this.suffix = suffix;
    this.sources = sources;
  }

  public List<Source> sources() {
    return sources;
  }

  /** The data sources of mailgraph's own file: all but {@code delivered}, which mailgraph lacks. */
  List<Source> mailgraphSources() {
    return sources.stream().filter(s -> s.category() != Category.DELIVERED).toList();
  }

  /** {@code mailgraph} gives {@code mailgraph.rrd}, {@code mailgraph_virus.rrd}, ... */
  @Override
  public String fileName(String baseName) {
    return baseName + suffix + ".rrd";
  }

  @Override
  public RrdDef definition(String path, long lastUpdate) {
    return definition(path, lastUpdate, sources.stream().map(Source::name).toList(), DsType.ABSOLUTE, HEARTBEAT);
  }

  /** The slot of a data source is its category's ordinal. */
  @Override
  public int slot(String dsName) {
    for (Source s : sources) {
      if (s.name().equals(dsName)) {
        return s.category().ordinal();
      }
    }
    return -1;
  }

  /** mailgraph's step and archives, with {@code dsNames} of {@code type}, minimum 0, no maximum. */
  static RrdDef definition(String path, long lastUpdate, List<String> dsNames, DsType type, long heartbeat) {
    RrdDef def = new RrdDef(path, lastUpdate, STEP);
    for (String name : dsNames) {
      def.addDatasource(name, type, heartbeat, 0, Double.NaN);
    }
    for (ConsolFun cf : List.of(ConsolFun.AVERAGE, ConsolFun.MAX)) {
      for (int steps : STEPS_PER_ROW) {
        def.addArchive(cf, 0.5, steps, ROWS);
      }
    }
    return def;
  }

  /** Which database a file holds, judged by its data-source names (mailgraph's or ours). */
  public static Optional<Database> recognise(String[] dsNames) {
    List<String> names = Arrays.asList(dsNames);
    if (names.contains("sent") && names.contains("recv")) {
      return Optional.of(MAIL);
    }
    if (names.contains("virus") && names.contains("spam")) {
      return Optional.of(VIRUS);
    }
    if (names.contains("greylisted") && names.contains("delayed")) {
      return Optional.of(GREYLIST);
    }
    return Optional.empty();
  }
}
