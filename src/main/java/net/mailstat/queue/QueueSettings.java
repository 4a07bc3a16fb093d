package net.mailstat.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the queues are sampled: the command (words, run without a shell), how often, and how long
 * one run may take before it is killed.
 */
public record QueueSettings(List<String> command, Duration interval, Duration timeout) {
  public static final String POSTQUEUE = "postqueue";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Where Postfix installs postqueue when a daemon's PATH lacks the sbin directories. */
  private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

  public QueueSettings {
    command = List.copyOf(command);
    if (command.isEmpty() || command.get(0).isEmpty()) {
      throw new IllegalArgumentException("the queue command must name a program");
    }
    if (interval.toMillis() < 1 || timeout.toMillis() < 1) {
      throw new IllegalArgumentException("the queue interval and timeout must be positive");
    }
  }

  /** {@code postqueue -j}, or {@code postqueue -c DIR -j} for the Postfix instance configured in {@code configDir}. */
  public static List<String> postqueue(Path configDir) {
    String program = findPostqueue().orElse(POSTQUEUE);
    return configDir == null ? List.of(program, "-j") : List.of(program, "-c", configDir.toString(), "-j");
  }

  /** Whether postqueue is installed: on the PATH or in an sbin directory. */
  public static boolean postqueueExists() {
    return findPostqueue().isPresent();
  }

  /** "60 s", or "500 ms" for what is not a whole number of seconds. */
  static String text(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static Optional<String> findPostqueue() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, POSTQUEUE))) {
          return Optional.of(POSTQUEUE);
        }
      }
    }
    return SBIN.stream().map(dir -> Path.of(dir, POSTQUEUE)).filter(Files::isExecutable).map(Path::toString)
        .findFirst();
  }
}
