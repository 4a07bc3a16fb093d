package net.mailstat.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.mailstat.queue.QueueSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How {@code mailstat run} and {@code mailstat agent} sample the Postfix queues (docs/queue.md). */
final class QueueOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--no-queue", description = "Do not sample the Postfix queues.")
  boolean noQueue;

  @Option(names = "--queue-command", paramLabel = "COMMAND",
      description = "The command printing the queues as postqueue -j does, words separated by spaces"
          + " (default: postqueue -j, sampled only when postqueue is installed).")
  String command;

  @Option(names = "--postfix-config", paramLabel = "DIR",
      description = "Sample the Postfix instance configured in DIR: postqueue -c DIR -j.")
  Path postfixConfig;

  @Option(names = "--queue-interval", paramLabel = "SECONDS",
      description = "How often the queues are sampled (default: ${DEFAULT-VALUE} s).")
  long intervalSeconds = QueueSettings.DEFAULT_INTERVAL.toSeconds();

  @Option(names = "--queue-timeout", paramLabel = "SECONDS",
      description = "How long one run of the queue command may take before it is killed (default: ${DEFAULT-VALUE} s).")
  long timeoutSeconds = QueueSettings.DEFAULT_TIMEOUT.toSeconds();

  /**
   * What to sample, or null for no sampling: --no-queue, or no postqueue installed and no command
   * asked for. Bad values are usage errors (exit 2).
   */
  QueueSettings settings() {
    if (intervalSeconds < 1 || timeoutSeconds < 1) {
      throw usage("--queue-interval and --queue-timeout must be at least 1 second");
    }
    if (command != null && postfixConfig != null) {
      throw usage("--queue-command and --postfix-config do not go together: give the -c in the command");
    }
    if (noQueue) {
      return null;
    }
    List<String> words;
    if (command != null) {
      words = List.of(command.trim().split("\\s+"));
      if (words.get(0).isEmpty()) {
        throw usage("--queue-command must name a command");
      }
    } else if (postfixConfig != null) {
      words = QueueSettings.postqueue(postfixConfig.toAbsolutePath());
    } else if (QueueSettings.postqueueExists()) {
      words = QueueSettings.postqueue(null);
    } else {
      return null;
    }
    return new QueueSettings(words, Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(timeoutSeconds));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
