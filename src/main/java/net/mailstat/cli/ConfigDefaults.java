package net.mailstat.cli;

import java.util.List;
import java.util.stream.Collectors;
import net.mailstat.config.ConfigFile;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults from the --config file, so every option can also be set there. A
 * repeated key gives a multi-value option all its values.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  static final String MULTI_VALUE_SEPARATOR = "\n";

  private final ConfigFile config;

  ConfigDefaults(ConfigFile config) {
    this.config = config;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.command() == null) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    List<ConfigFile.Setting> values = config.lookup(commandPath(option.command()), key);
    if (values.isEmpty()) {
      return null;
    }
    if (!option.isMultiValue()) {
      return values.get(values.size() - 1).value();
    }
    return values.stream().map(ConfigFile.Setting::value).collect(Collectors.joining(MULTI_VALUE_SEPARATOR));
  }

  /** "parse", "rrd fetch": the command's name below the top-level {@code mailstat}. */
  static String commandPath(CommandLine.Model.CommandSpec spec) {
    String qualified = spec.qualifiedName(" ");
    int space = qualified.indexOf(' ');
    return space < 0 ? "" : qualified.substring(space + 1);
  }
}
