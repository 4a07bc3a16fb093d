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
        "Check a configuration file: every section must name a command, every key one of its",
        "options (keys before the first section: an option of any command) and every value one the",
        "option accepts. Exit 0 if it is good."
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
          } else if (target != null && takesValue(target.findOption("--" + key))) {
            for (ConfigFile.Setting setting : settings) {
              String problem = valueProblem(section.getKey(), key, setting.value());
              if (problem != null) {
                problems.add(file + ":" + setting.line() + ": " + problem);
              }
            }
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

    private static boolean takesValue(CommandLine.Model.OptionSpec option) {
      return option.arity().max() > 0 && option.type() != boolean.class && option.type() != Boolean.class;
    }

    /** What the command would say of {@code --key value} (a bad number, an unknown word), or null. */
    private static String valueProblem(String command, String key, String value) {
      String[] path = command.split(" ");
      CommandLine cli = MailstatCommand.commandLine(path);
      cli.setCaseInsensitiveEnumValuesAllowed(true);
      List<String> args = new ArrayList<>(List.of(path));
      args.add("--" + key);
      args.add(value);
      try {
        cli.parseArgs(args.toArray(String[]::new));
        return null;
      } catch (CommandLine.MissingParameterException e) {
        return null; // the command's own required arguments, not this setting
      } catch (CommandLine.ParameterException e) {
        return UsageMessage.of(e);
      }
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
