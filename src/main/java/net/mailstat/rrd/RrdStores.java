package net.mailstat.rrd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rrd4j.core.RrdDbPool;

/**
 * Opens and creates the recorder's database files in the settings' format: rrd4j files through the
 * application's pool, rrdtool files through one rrdtool pipe, started when first needed.
 */
final class RrdStores implements AutoCloseable {
  private final RrdDbPool pool;
  private final RrdFormat format;
  private final String rrdtoolProgram;
  private RrdtoolPipe rrdtool;

  RrdStores(RrdDbPool pool, RrdFormat format, String rrdtoolProgram) {
    this.pool = pool;
    this.format = format;
    this.rrdtoolProgram = rrdtoolProgram;
  }

  /** An existing file, in the format it has; one this format may not continue is refused. */
  RrdStore open(Path path) throws IOException {
    RrdFileKind kind;
    try {
      kind = RrdFileKind.of(path);
    } catch (RrdToolException e) {
      throw new IOException(e.getMessage(), e);
    }
    return switch (kind) {
      case RRD4J -> new Rrd4jStore(pool, pool.requestRrdDb(path.toString()));
      case RRDTOOL -> {
        if (format != RrdFormat.RRDTOOL) {
          throw new IOException(path + " is an rrdtool file; bring it over with 'mailstat rrd import'");
        }
        yield RrdtoolStore.open(rrdtool(path + " is an rrdtool file, and "), path);
      }
      default -> throw new IOException(path + " is not an RRD file");
    };
  }

  /** A new file for {@code db} whose first update will be after {@code start}. */
  RrdStore create(RrdLayout db, Path path, long start) throws IOException {
    Files.createDirectories(path.getParent());
    if (format == RrdFormat.RRDTOOL) {
      if (!(db instanceof Database mailgraph)) {
        throw new IOException("cannot create " + path + ": only mailgraph's databases are kept in rrdtool's format");
      }
      return RrdtoolStore.create(rrdtool("cannot create " + path + ": "), path, mailgraph, start);
    }
    return new Rrd4jStore(pool, pool.requestRrdDb(db.definition(path.toString(), start)));
  }

  /** Fails now, with one line, if new files are to be rrdtool files and rrdtool is missing. */
  void requireCreatable(Path path) throws IOException {
    if (format == RrdFormat.RRDTOOL) {
      rrdtool("cannot create " + path + " in rrdtool's format: ");
    }
  }

  private RrdtoolPipe rrdtool(String why) throws IOException {
    if (rrdtool == null) {
      try {
        rrdtool = RrdtoolPipe.start(rrdtoolProgram);
      } catch (IOException e) {
        throw new IOException(why + e.getMessage(), e);
      }
    }
    return rrdtool;
  }

  @Override
  public void close() {
    if (rrdtool != null) {
      rrdtool.close();
      rrdtool = null;
    }
  }
}
