package net.mailstat.rrd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.rrd4j.DsType;
import org.rrd4j.core.DsDef;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdToolkit;

/**
 * Moving history in and out: rrdtool XML dumps (which real {@code rrdtool restore} accepts) and
 * imports of mailgraph's rrdtool files or their dumps into mailstat's layout.
 */
public final class RrdMigration {
  /** What one import produced. */
  public record Imported(Path source, Database database, Path target, long lastUpdate, boolean addedDelivered) {}

  private RrdMigration() {}

  /** Writes the database as an rrdtool-compatible XML dump. */
  public static void dump(Path file, OutputStream out) throws RrdToolException, IOException {
    try (RrdDb db = RrdInspector.openReadOnly(file)) {
      db.dumpXml(out);
    }
    out.flush();
  }

  /** Creates {@code target} from an rrdtool (or rrd4j) XML dump. */
  public static void restore(Path xml, Path target, boolean force) throws RrdToolException, IOException {
    if (RrdFileKind.of(xml) != RrdFileKind.XML) {
      throw new RrdToolException(xml + " is not an XML dump");
    }
    if (Files.exists(target) && !force) {
      throw new RrdToolException(target + " exists (use --force to overwrite)");
    }
    Path tmp = temporaryBeside(target);
    try {
      importInto(tmp, xml, RrdFileKind.XML).close();
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Imports mailgraph files (rrdtool binary or XML dumps) as the matching mailstat databases in
   * {@code files}, for all hosts or {@code hostKey}. Which database a file is comes from its
   * data-source names; mailgraph's mail database gains the {@code delivered} source (unknown for
   * the imported past). Refuses to run while a recorder writes the directory.
   */
  public static List<Imported> importMailgraph(List<Path> sources, RrdFiles files, String hostKey, boolean force)
      throws RrdToolException, IOException {
    Imported[] done = new Imported[sources.size()];
    try (DirectoryLock lock = DirectoryLock.acquire(files)) {
      for (int i = 0; i < sources.size(); i++) {
        done[i] = importOne(sources.get(i), files, hostKey, force);
      }
    }
    return Arrays.asList(done);
  }

  private static Imported importOne(Path source, RrdFiles files, String hostKey, boolean force)
      throws RrdToolException, IOException {
    RrdFileKind kind = RrdFileKind.of(source);
    if (kind != RrdFileKind.RRDTOOL && kind != RrdFileKind.XML && kind != RrdFileKind.RRD4J) {
      throw new RrdToolException(source + " is neither an rrdtool file nor an XML dump");
    }
    Path dir = files.path(Database.MAIL, hostKey).getParent();
    Files.createDirectories(dir);
    Path tmp = temporaryBeside(dir.resolve("import"));
    Path widened = temporaryBeside(dir.resolve("import-widened"));
    try {
      Database database;
      long lastUpdate;
      boolean missingDelivered;
      try (RrdDb db = importInto(tmp, source, kind)) {
        String[] names = db.getDsNames();
        database = Database.recognise(names).orElseThrow(() -> new RrdToolException(source
            + " is not a mailgraph database (data sources: " + String.join(", ", names) + ")"));
        lastUpdate = db.getLastUpdateTime();
        missingDelivered = database == Database.MAIL && !db.containsDs("delivered");
      }
      Path target = files.path(database, hostKey);
      if (Files.exists(target) && !force) {
        throw new RrdToolException(target + " exists (use --force to overwrite)");
      }
      Path result = tmp;
      if (missingDelivered) {
        RrdToolkit.addDatasource(tmp.toString(), widened.toString(),
            new DsDef("delivered", DsType.ABSOLUTE, Database.HEARTBEAT, 0, Double.NaN));
        result = widened;
      }
      Files.move(result, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Imported(source, database, target, lastUpdate, missingDelivered);
    } finally {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(widened);
    }
  }

  private static RrdDb importInto(Path target, Path source, RrdFileKind kind) throws RrdToolException {
    try {
      RrdDb.Builder b = RrdDb.getBuilder().setPath(target.toAbsolutePath().toString()); // rrd4j needs a parent
      switch (kind) {
        case RRDTOOL -> b.setRrdToolImporter(source.toString());
        case XML -> b.setExternalPath(RrdDb.PREFIX_XML + source);
        default -> b.setExternalPath(RrdDb.PREFIX_XML + dumpToTemp(source));
      }
      return b.build();
    } catch (IOException | RuntimeException e) {
      throw new RrdToolException("cannot read " + source + ": " + e.getMessage());
    }
  }

  private static Path dumpToTemp(Path rrd4jFile) throws IOException, RrdToolException {
    Path xml = Files.createTempFile("mailstat-import", ".xml");
    xml.toFile().deleteOnExit();
    try (OutputStream out = Files.newOutputStream(xml)) {
      dump(rrd4jFile, out);
    }
    return xml;
  }

  private static Path temporaryBeside(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
  }
}
