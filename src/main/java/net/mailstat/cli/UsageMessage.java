package net.mailstat.cli;

import picocli.CommandLine;

/**
 * How a usage error reads: a bad option value as {@code --option: reason} (one line, the same on
 * the command line and in {@code mailstat config check}), anything else as picocli words it.
 */
final class UsageMessage {
  private UsageMessage() {}

  static String of(CommandLine.ParameterException e) {
    if (e.getCause() instanceof CommandLine.TypeConversionException bad
        && e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
      return option.longestName() + ": " + bad.getMessage();
    }
    return e.getMessage();
  }

  /** Whether {@code e} is a bad value of a known option (its one line says all; no help hint). */
  static boolean isBadValue(CommandLine.ParameterException e) {
    return e.getCause() instanceof CommandLine.TypeConversionException && e.getArgSpec() != null;
  }
}
