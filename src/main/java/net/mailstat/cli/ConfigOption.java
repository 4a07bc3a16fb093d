package net.mailstat.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The --config option every command accepts. Its value is needed before picocli parses the rest
 * (it supplies their defaults), so {@link #find} reads it from the raw arguments first.
 */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Read option defaults from FILE (see docs/configuration.md).")
  Path config;

  static Path find(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        return null;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }
}
