package net.mailstat.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.mailstat.rrd.RrdFiles;
import net.mailstat.snmp.AgentSettings;
import net.mailstat.source.ListenAddress;
import net.mailstat.web.WebSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks of option values that are kept as text and turned into settings later: run as picocli
 * reads the value, so a bad one is a usage error on the command line and a line of
 * {@code mailstat config check} alike, not a failure when the command starts. Messages never
 * repeat a pass phrase.
 */
final class ValueChecks {
  private ValueChecks() {}

  private interface Check {
    void check(String value);
  }

  /** A value kept as text once {@code check} accepts it. */
  private abstract static class TextCheck implements ITypeConverter<String> {
    private final Check check;

    TextCheck(Check check) {
      this.check = check;
    }

    @Override
    public String convert(String value) {
      try {
        check.check(value);
        return value;
      } catch (IllegalArgumentException | DateTimeException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class TimeZone extends TextCheck {
    TimeZone() {
      super(v -> {
        try {
          ZoneId.of(v);
        } catch (DateTimeException e) {
          throw new IllegalArgumentException("unknown time zone '" + v + "'");
        }
      });
    }
  }

  static final class Year implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int year;
      try {
        year = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a year");
      }
      if (year < 1970 || year > 9999) {
        throw new TypeConversionException(year + " is not a plausible year (1970-9999)");
      }
      return year;
    }
  }

  static final class Regex extends TextCheck {
    Regex() {
      super(v -> {
        try {
          Pattern.compile(v);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("bad regular expression '" + v + "': " + e.getDescription());
        }
      });
    }
  }

  static final class SnmpAddress extends TextCheck {
    SnmpAddress() {
      super(AgentSettings.ListenAddress::parse);
    }
  }

  static final class Community extends TextCheck {
    Community() {
      super(AgentSettings.Community::parse);
    }
  }

  static final class V3User extends TextCheck {
    V3User() {
      super(v -> net.mailstat.snmp.V3User.parse(v, Secrets::readPassphrase));
    }
  }

  static final class RootOid extends TextCheck {
    RootOid() {
      super(AgentSettings::checkRoot);
    }
  }

  static final class ExtName extends TextCheck {
    ExtName() {
      super(AgentSettings::checkExtName);
    }
  }

  static final class Exec extends TextCheck {
    Exec() {
      super(AgentSettings.ExtraExec::parse);
    }
  }

  /** One {@code --journal-trust} item ({@code any} alone is checked when the items are combined). */
  static final class JournalTrustItem extends TextCheck {
    JournalTrustItem() {
      super(v -> net.mailstat.source.JournalTrust.parse(java.util.List.of(v)));
    }
  }

  static final class SyslogAddress extends TextCheck {
    SyslogAddress() {
      super(ListenAddress::parse);
    }
  }

  static final class WebAddress extends TextCheck {
    WebAddress() {
      super(WebSettings::parseAddress);
    }
  }

  static final class RrdName extends TextCheck {
    RrdName() {
      super(RrdFiles::checkBaseName);
    }
  }

  /** mailgraph's {@code --logtype}. */
  static final class LogType extends TextCheck {
    LogType() {
      super(v -> {
        if (!Set.of("syslog", "metalog", "multilog").contains(v)) {
          throw new IllegalArgumentException("'" + v + "' is not one of syslog, metalog, multilog");
        }
      });
    }
  }

  /** A whole number of at least a bound (and at most the type's largest). */
  private abstract static class AtLeast {
    private final long min;
    private final String unit;

    AtLeast(long min, String unit) {
      this.min = min;
      this.unit = unit;
    }

    long parse(String value, long max) {
      long n;
      try {
        n = Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number");
      }
      if (n < min) {
        throw new TypeConversionException("must be at least " + min + unit + ", not " + n);
      }
      if (n > max) {
        throw new TypeConversionException("must be at most " + max + unit + ", not " + n);
      }
      return n;
    }
  }

  private abstract static class IntAtLeast extends AtLeast implements ITypeConverter<Integer> {
    IntAtLeast(long min) {
      super(min, "");
    }

    @Override
    public Integer convert(String value) {
      return (int) parse(value, Integer.MAX_VALUE);
    }
  }

  private abstract static class LongAtLeast extends AtLeast implements ITypeConverter<Long> {
    LongAtLeast(long min, String unit) {
      super(min, unit);
    }

    @Override
    public Long convert(String value) {
      return parse(value, Long.MAX_VALUE);
    }
  }

  /** A count of at least one. */
  static final class Positive extends IntAtLeast {
    Positive() {
      super(1);
    }
  }

  static final class NotNegative extends IntAtLeast {
    NotNegative() {
      super(0);
    }
  }

  static final class Seconds extends LongAtLeast {
    Seconds() {
      super(0, " s");
    }
  }

  static final class PositiveSeconds extends LongAtLeast {
    PositiveSeconds() {
      super(1, " s");
    }
  }

  /** An interval of a loop that runs on a timer: shorter than 10 ms would only burn CPU. */
  static final class IntervalMillis extends LongAtLeast {
    IntervalMillis() {
      super(10, " ms");
    }
  }

  /** A command line of words separated by spaces, at least one. */
  static final class CommandWords extends TextCheck {
    CommandWords() {
      super(v -> {
        if (v.isBlank()) {
          throw new IllegalArgumentException("must name a command");
        }
      });
    }
  }
}
