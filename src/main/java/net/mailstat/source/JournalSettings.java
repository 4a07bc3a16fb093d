package net.mailstat.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the journal is followed. {@code command}: journalctl and any arguments of its own (tests
 * and unusual set-ups give another command that behaves like it). {@code identifiers}: an entry is
 * read when its SYSLOG_IDENTIFIER starts with one of them, and counted when {@code trust} says its
 * trusted fields belong to a mail daemon (an entry read but not trusted is skipped with a warning).
 * {@code backfill}: with no saved cursor,
 * read everything the journal still holds instead of starting at its end. {@code restartDelay}:
 * how long to wait before starting journalctl again after it ended.
 */
public record JournalSettings(List<String> command, List<String> identifiers, JournalTrust trust, boolean backfill,
    Duration restartDelay) {
  public static final String JOURNALCTL = "journalctl";

  /**
   * The programs the built-in rules know (their first path component; postfix also covers
   * postfix-out/smtp and the like). Keep in step with default.rules.
   */
  public static final List<String> MAIL_PROGRAMS = List.of("postfix", "amavis", "sendmail", "sm-mta", "exim",
      "clamd", "clamav-milter", "clamsmtpd", "spamd", "spampd", "spamproxyd", "rspamd", "postgrey", "sqlgrey",
      "grossd", "dspam", "bogofilter", "MailScanner", "BlackHole", "avcheck", "avgatefwd", "avmailgate.bin",
      "avmilter", "drweb-postfix", "filter-module", "hook", "smtp-vilter", "sta_scanner", "vagatefwd");

  public JournalSettings {
    command = List.copyOf(command);
    identifiers = List.copyOf(identifiers);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the journalctl command is empty");
    }
  }

  /** Whether journalctl can be found on the PATH (the journal is then the default source). */
  public static boolean journalctlExists() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, JOURNALCTL))) {
        return true;
      }
    }
    return false;
  }
}
