package net.mailstat.rrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What a file holds, judged by its first bytes. */
enum RrdFileKind {
  RRD4J,
  RRDTOOL,
  XML,
  OTHER;

  static RrdFileKind of(Path file) throws RrdToolException {
    byte[] head = new byte[64];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (NoSuchFileException e) {
      throw new RrdToolException("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new RrdToolException("cannot read " + file + ": " + e.getMessage());
    }
    String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    // rrd4j writes its signature as UTF-16 characters
    if (text.startsWith("\0R\0R\0D\0004\0J")) {
      return RRD4J;
    }
    if (text.startsWith("RRD\0")) {
      return RRDTOOL;
    }
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("<?xml") || trimmed.startsWith("<rrd") || trimmed.startsWith("<!")) {
      return XML;
    }
    return OTHER;
  }
}
