package net.mailstat.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Counts the warnings and errors the process logs, for the status file ({@code mailstat status}'s
 * "warnings since start"). Lives in the log context, which is the process's; it filters nothing.
 */
final class WarningCount extends TurboFilter {
  private static final int MAX_MESSAGE = 300;

  private final AtomicLong count = new AtomicLong();
  private final AtomicReference<String> last = new AtomicReference<>();

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != null && level.isGreaterOrEqual(Level.WARN) && format != null && logger.isEnabledFor(level)) {
      count.incrementAndGet();
      String message = MessageFormatter.arrayFormat(format, params).getMessage();
      last.set(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    }
    return FilterReply.NEUTRAL;
  }

  long count() {
    return count.get();
  }

  String last() {
    return last.get();
  }

  /** The counter of the process's log context, installed on first use. */
  static WarningCount installed() {
    ch.qos.logback.classic.LoggerContext context =
        (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    for (TurboFilter f : context.getTurboFilterList()) {
      if (f instanceof WarningCount w) {
        return w;
      }
    }
    WarningCount w = new WarningCount();
    w.setContext(context);
    w.start();
    context.addTurboFilter(w);
    return w;
  }
}
