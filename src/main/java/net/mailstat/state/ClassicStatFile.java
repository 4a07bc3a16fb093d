package net.mailstat.state;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic stat line in a shared place such as {@code /var/tmp/mailstat}, for existing
 * {@code check_mailstat.pl} and snmpd {@code exec} set-ups. Only a copy: the counters live in the
 * stat file in mailstat's own directory. Written like the stat file (random exclusive temporary
 * name, rename), and never through a link, into a FIFO or over another user's file; a refusal is
 * logged once and retried on every commit, and counting goes on.
 */
final class ClassicStatFile {
  private static final Logger log = LoggerFactory.getLogger(ClassicStatFile.class);

  private final Path file;
  private String lastError;

  ClassicStatFile(Path file) {
    this.file = file;
  }

  void publish(String line) {
    try {
      AtomicFiles.replace(file, line + "\n");
      if (lastError != null) {
        log.info("published the classic stat line to {} again", file);
        lastError = null;
      }
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.equals(lastError)) {
        log.error("cannot publish the classic stat line: {}; counting goes on, retrying", message);
        lastError = message;
      }
    }
  }
}
