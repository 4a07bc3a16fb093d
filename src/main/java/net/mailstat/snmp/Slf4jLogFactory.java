package net.mailstat.snmp;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.log.LogAdapter;
import org.snmp4j.log.LogFactory;
import org.snmp4j.log.LogLevel;

/**
 * Routes SNMP4J's own logging into SLF4J, so logback's configuration decides what is shown.
 *
 * <p>SNMP4J logs every rejected message (bad community, wrong source, unknown v3 user, BER
 * garbage) at WARN or ERROR from its message-processing classes. Those messages come from the
 * network, are already counted in snmpInBadCommunityNames, snmpInASNParseErrs, usmStats and so on,
 * and would let anyone flood the log; from those classes they are logged at DEBUG.
 */
final class Slf4jLogFactory extends LogFactory {
  private static final Object LOCK = new Object();

  /** Installs the factory once; SNMP4J's log factory is JVM-wide by its own design. */
  static void install() {
    synchronized (LOCK) {
      if (!(LogFactory.getLogFactory() instanceof Slf4jLogFactory)) {
        LogFactory.setLogFactory(new Slf4jLogFactory());
      }
    }
  }

  private static final List<String> PER_MESSAGE_LOGGERS = List.of(
      "org.snmp4j.MessageDispatcherImpl", "org.snmp4j.mp.", "org.snmp4j.security.",
      "org.snmp4j.agent.CommandProcessor");

  @Override
  protected LogAdapter createLogger(Class<?> c) {
    return createLogger(c.getName());
  }

  @Override
  protected LogAdapter createLogger(String className) {
    boolean perMessage = PER_MESSAGE_LOGGERS.stream().anyMatch(className::startsWith);
    return new Adapter(LoggerFactory.getLogger(className), perMessage);
  }

  @Override
  public LogAdapter getRootLogger() {
    return new Adapter(LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME), false);
  }

  @Override
  public Iterator<LogAdapter> loggers() {
    return Collections.emptyIterator();
  }

  private record Adapter(Logger logger, boolean perMessage) implements LogAdapter {
    @Override
    public boolean isDebugEnabled() {
      return logger.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
      return logger.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
      return perMessage ? logger.isDebugEnabled() : logger.isWarnEnabled();
    }

    @Override
    public void debug(Serializable message) {
      logger.debug(String.valueOf(message));
    }

    @Override
    public void info(CharSequence message) {
      logger.info(String.valueOf(message));
    }

    @Override
    public void warn(Serializable message) {
      if (perMessage) {
        logger.debug(String.valueOf(message));
      } else {
        logger.warn(String.valueOf(message));
      }
    }

    @Override
    public void error(Serializable message) {
      if (perMessage) {
        logger.debug(String.valueOf(message));
      } else {
        logger.error(String.valueOf(message));
      }
    }

    @Override
    public void error(CharSequence message, Throwable t) {
      if (perMessage) {
        logger.debug(String.valueOf(message), t);
      } else {
        logger.error(String.valueOf(message), t);
      }
    }

    @Override
    public void fatal(Object message) {
      logger.error(String.valueOf(message));
    }

    @Override
    public void fatal(CharSequence message, Throwable t) {
      logger.error(String.valueOf(message), t);
    }

    @Override
    public void setLogLevel(LogLevel level) {
      // logback's configuration owns the levels.
    }

    @Override
    public LogLevel getLogLevel() {
      return getEffectiveLogLevel();
    }

    @Override
    public LogLevel getEffectiveLogLevel() {
      if (logger.isDebugEnabled()) {
        return LogLevel.DEBUG;
      }
      if (logger.isInfoEnabled()) {
        return LogLevel.INFO;
      }
      if (logger.isWarnEnabled()) {
        return LogLevel.WARN;
      }
      return LogLevel.ERROR;
    }

    @Override
    public String getName() {
      return logger.getName();
    }

    @Override
    public Iterator<?> getLogHandler() {
      return Collections.emptyIterator();
    }
  }
}
