package net.mailstat.snmp;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.log.LogAdapter;
import org.snmp4j.log.LogFactory;
import org.snmp4j.log.LogLevel;

/** Routes SNMP4J's own logging into SLF4J, so logback's configuration decides what is shown. */
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

  @Override
  protected LogAdapter createLogger(Class<?> c) {
    return new Adapter(LoggerFactory.getLogger(c));
  }

  @Override
  protected LogAdapter createLogger(String className) {
    return new Adapter(LoggerFactory.getLogger(className));
  }

  @Override
  public LogAdapter getRootLogger() {
    return new Adapter(LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME));
  }

  @Override
  public Iterator<LogAdapter> loggers() {
    return Collections.emptyIterator();
  }

  private record Adapter(Logger logger) implements LogAdapter {
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
      return logger.isWarnEnabled();
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
      logger.warn(String.valueOf(message));
    }

    @Override
    public void error(Serializable message) {
      logger.error(String.valueOf(message));
    }

    @Override
    public void error(CharSequence message, Throwable t) {
      logger.error(String.valueOf(message), t);
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
