package net.mailstat.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts this same program again in the background (a JVM cannot fork): the same java and JVM
 * options, the given arguments, output appended to a log file, in a session of its own when
 * {@code setsid} exists; then waits until the child has written its pid file, or has died.
 */
final class BackgroundLauncher {
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final long START_WAIT_MILLIS = 60_000;

  private BackgroundLauncher() {}

  /** Returns the child's pid once its pid file names it; a {@link UserError} if it died first. */
  static long launch(List<String> args, Path log, PidFile pidFile) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    Process child;
    try {
      Path parent = log.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      child = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new UserError("cannot start in the background: " + e.getMessage());
    }
    long deadline = System.currentTimeMillis() + START_WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      long named = pidFile.read().orElse(-1);
      // setsid execs java in place, but forks when it must: the daemon may be a descendant.
      if (named == child.pid() || child.descendants().anyMatch(d -> d.pid() == named)) {
        return named;
      }
      try {
        if (child.waitFor(50, TimeUnit.MILLISECONDS)) {
          throw new UserError("the background process stopped at start (exit " + child.exitValue()
              + "); see " + log);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted while starting in the background");
      }
    }
    throw new UserError("the background process did not write " + pidFile.path() + " within "
        + START_WAIT_MILLIS / 1000 + " s; see " + log);
  }
}
