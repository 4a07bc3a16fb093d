package net.mailstat.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which journal entries may be counted, judged by the fields journald itself adds and no client
 * can set: the entry's systemd unit ({@code _SYSTEMD_UNIT}), its executable ({@code _EXE}) or its
 * process name ({@code _COMM}). {@code SYSLOG_IDENTIFIER} is what the sender says it is, and any
 * local user sets it ({@code logger -t postfix/smtpd}). A spec is {@code any} (trust every entry,
 * as plain syslog must) or a list of {@code unit:GLOB}, {@code exe:GLOB} and {@code comm:NAME}
 * ({@code *} matches any characters); an entry is trusted when one of them matches.
 */
public final class JournalTrust {
  /**
   * The units of the mail daemons the built-in rules know, as Debian and Fedora name them, and
   * the executables mail is submitted with outside them (a cron job's {@code sendmail}). Process
   * names are not among the defaults: any user can name a program {@code smtpd}.
   */
  public static final List<String> DEFAULTS = List.of(
      "unit:postfix.service", "unit:postfix@*.service", "unit:amavis.service", "unit:amavisd.service",
      "unit:amavisd-new.service", "unit:clamav-daemon.service", "unit:clamd.service", "unit:clamd@*.service",
      "unit:clamav-milter.service", "unit:clamsmtp.service", "unit:clamsmtpd.service", "unit:spamd.service",
      "unit:spamassassin.service", "unit:spampd.service", "unit:postgrey.service", "unit:sqlgrey.service",
      "unit:sendmail.service", "unit:sm-client.service", "unit:exim4.service", "unit:exim.service",
      "unit:rspamd.service", "unit:mailscanner.service", "unit:MailScanner.service", "unit:dspam.service",
      "exe:/usr/sbin/sendmail", "exe:/usr/sbin/postdrop", "exe:/usr/sbin/postqueue", "exe:/usr/sbin/postsuper",
      "exe:/usr/lib/postfix/sbin/*", "exe:/usr/libexec/postfix/*", "exe:/usr/sbin/exim4", "exe:/usr/sbin/exim",
      "exe:/usr/sbin/sendmail-mta", "exe:/usr/lib/sm.bin/*");

  /** Trusts every entry. */
  public static final JournalTrust ANY = new JournalTrust(List.of(), true);

  private enum Field {
    UNIT,
    EXE,
    COMM
  }

  private record Matcher(Field field, String glob) {
    boolean matches(JournalEntry e) {
      String value = switch (field) {
        case UNIT -> e.unit;
        case EXE -> e.exe;
        case COMM -> e.comm;
      };
      return value != null && Glob.matches(glob, value);
    }
  }

  private final List<Matcher> matchers;
  private final boolean any;

  private JournalTrust(List<Matcher> matchers, boolean any) {
    this.matchers = List.copyOf(matchers);
    this.any = any;
  }

  /**
   * The trust a spec describes.
   *
   * @throws IllegalArgumentException naming the bad item
   */
  public static JournalTrust parse(List<String> spec) {
    if (spec.size() == 1 && spec.get(0).strip().equalsIgnoreCase("any")) {
      return ANY;
    }
    if (spec.isEmpty()) {
      throw new IllegalArgumentException("no trusted fields given (use 'any' to trust every entry)");
    }
    List<Matcher> out = new ArrayList<>();
    for (String item : spec) {
      String s = item.strip();
      if (s.equalsIgnoreCase("any")) {
        throw new IllegalArgumentException("'any' trusts every entry: give it alone, not with other items");
      }
      int colon = s.indexOf(':');
      Field field = null;
      if (colon > 0) {
        try {
          field = Field.valueOf(s.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          field = null;
        }
      }
      String glob = colon > 0 ? s.substring(colon + 1) : "";
      if (field == null || glob.isEmpty() || glob.length() > 256) {
        throw new IllegalArgumentException("'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s)
            + "' is not unit:GLOB, exe:GLOB, comm:NAME or any");
      }
      out.add(new Matcher(field, glob));
    }
    return new JournalTrust(out, false);
  }

  public static JournalTrust defaults() {
    return parse(DEFAULTS);
  }

  /** Whether {@code e} comes from a mail daemon by its trusted fields. */
  boolean trusts(JournalEntry e) {
    if (any) {
      return true;
    }
    for (Matcher m : matchers) {
      if (m.matches(e)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every entry is trusted. */
  public boolean trustsAny() {
    return any;
  }

  /** {@code *}-only globs, matched without backtracking blow-up (greedy segments, left to right). */
  static final class Glob {
    private Glob() {}

    static boolean matches(String glob, String value) {
      String[] parts = glob.split("\\*", -1);
      if (parts.length == 1) {
        return glob.equals(value);
      }
      if (!value.startsWith(parts[0])) {
        return false;
      }
      int at = parts[0].length();
      for (int i = 1; i < parts.length - 1; i++) {
        int found = value.indexOf(parts[i], at);
        if (found < 0) {
          return false;
        }
        at = found + parts[i].length();
      }
      String last = parts[parts.length - 1];
      return value.length() - at >= last.length() && value.endsWith(last);
    }
  }
}
