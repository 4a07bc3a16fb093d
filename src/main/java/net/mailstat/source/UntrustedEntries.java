package net.mailstat.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journal entries that name a mail program but whose trusted fields do not belong to a mail daemon
 * ({@code logger -t postfix/smtpd} by any local user): not counted, and said so in the log, the
 * first one at once and then at most once every {@link #WARN_EVERY_MILLIS} with how many there were.
 */
final class UntrustedEntries {
  private static final Logger log = LoggerFactory.getLogger(UntrustedEntries.class);
  static final long WARN_EVERY_MILLIS = 10 * 60 * 1000;
  private static final int MAX_FIELD_CHARS = 80;

  private long skippedSinceWarning;
  private long warnedMillis = Long.MIN_VALUE;

  void skipped(JournalEntry e) {
    skippedSinceWarning++;
    long now = System.currentTimeMillis();
    if (warnedMillis != Long.MIN_VALUE && now - warnedMillis < WARN_EVERY_MILLIS) {
      return;
    }
    log.warn("journal: not counting {} entr{} naming a mail program but not sent by a mail daemon"
        + " (the last: SYSLOG_IDENTIFIER={} _SYSTEMD_UNIT={} _EXE={} _COMM={}); see --journal-trust",
        skippedSinceWarning, skippedSinceWarning == 1 ? "y" : "ies", cut(e.identifier), cut(e.unit), cut(e.exe),
        cut(e.comm));
    warnedMillis = now;
    skippedSinceWarning = 0;
  }

  private static String cut(String s) {
    if (s == null) {
      return "-";
    }
    String printable = s.replaceAll("[\\p{Cntrl}]", "?");
    return printable.length() > MAX_FIELD_CHARS ? printable.substring(0, MAX_FIELD_CHARS) + "..." : printable;
  }
}
