package net.mailstat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.mailstat.config.ConfigException;
import net.mailstat.config.ConfigFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Work with configuration files.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (check)");
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Check a configuration file: every section must name a command and every key one of its",
        "options (keys before the first section: an option of any command). Exit 0 if it is good."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The configuration file.")
    Path file;

    @Override
    public Integer call() {
      ConfigFile config;
      try {
        config = ConfigFile.read(file);
      } catch (ConfigException e) {
        throw new UserError(e.getMessage());
      }
      CommandSpec root = spec.root();
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, Map<String, List<ConfigFile.Setting>>> section : config.sections().entrySet()) {
        CommandSpec target = section.getKey().isEmpty() ? null : find(root, section.getKey());
        if (!section.getKey().isEmpty() && target == null) {
          int line = section.getValue().values().iterator().next().get(0).line();
          problems.add(file + ":" + line + ": [" + section.getKey() + "] is not a mailstat command");
          continue;
        }
        section.getValue().forEach((key, settings) -> {
          boolean known = target == null ? anyCommandHas(root, key) : target.findOption("--" + key) != null;
          if (!known || key.equals("config") || key.equals("help") || key.equals("version")) {
            problems.add(file + ":" + settings.get(0).line() + ": '" + key + "' is not an option of "
                + (target == null ? "any command" : "'mailstat " + section.getKey() + "'"));
          }
        });
      }
      problems.forEach(spec.commandLine().getErr()::println);
      if (!problems.isEmpty()) {
        return Main.EXIT_FAILURE;
      }
      spec.commandLine().getOut().println(file + ": OK");
      return Main.EXIT_OK;
    }

    private static CommandSpec find(CommandSpec root, String path) {
      CommandSpec current = root;
      for (String name : path.split(" ")) {
        CommandLine sub = current.subcommands().get(name);
        if (sub == null) {
          return null;
        }
        current = sub.getCommandSpec();
      }
      return current;
    }

    private static boolean anyCommandHas(CommandSpec spec, String key) {
      if (spec.findOption("--" + key) != null) {
        return true;
      }
      for (CommandLine sub : spec.subcommands().values()) {
        if (anyCommandHas(sub.getCommandSpec(), key)) {
          return true;
        }
      }
      return false;
    }
  }
}
