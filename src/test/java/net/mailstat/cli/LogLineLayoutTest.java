package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogLineLayoutTest {
  private final LoggerContext context = new LoggerContext();

  private String layout(Level level, String message, Throwable thrown) {
    LoggingEvent event = new LoggingEvent("x", context.getLogger("net.mailstat.daemon.Daemon"), level, message, thrown,
        new Object[] {"one"});
    event.setThreadName("follow /var/log/mail.log");
    LogLineLayout layout = new LogLineLayout();
    layout.setContext(context);
    layout.start();
    return layout.doLayout(event);
  }

  @Test
  void oneLineWithTimeLevelThreadAbbreviatedLoggerAndMessage() {
    assertThat(layout(Level.WARN, "counting {} source", null)).matches(
        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[follow /var/log/mail.log\\] n\\.m\\.daemon\\.Daemon:"
            + " counting one source" + System.lineSeparator());
  }

  @Test
  void aThrowableFollowsWithItsStackTrace() {
    String text = layout(Level.ERROR, "failed", new IllegalStateException("boom"));
    assertThat(text).contains(" ERROR [").contains("java.lang.IllegalStateException: boom")
        .contains("at net.mailstat.cli.LogLineLayoutTest");
  }
}
