package net.mailstat.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.mailstat.config.ConfigException;
import net.mailstat.config.ConfigFile;
import picocli.CommandLine;

/**
 * Entry point. Exit codes: 0 success, 1 runtime failure (one line on stderr), 2 usage error (for
 * the {@code check} plugin: 3, UNKNOWN, on standard output, as monitoring systems expect).
 * Error-to-exit-code mapping lives here and nowhere else.
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line with the given writers; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = MailstatCommand.commandLine(args);
    if (args.length > 0 && args[0].equals("mailgraph")) {
      try {
        args = mailgraphArgs(args, cli);
      } catch (MailgraphArgs.Refused e) {
        err.println("mailstat mailgraph: " + e.getMessage());
        err.println("Try 'mailstat mailgraph --help'.");
        return EXIT_USAGE;
      }
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    try {
      Path configPath = ConfigOption.find(args);
      if (configPath != null) {
        ConfigFile config = ConfigFile.read(configPath);
        Secrets.checkConfigFile(config);
        cli.setDefaultValueProvider(new ConfigDefaults(config));
      }
    } catch (ConfigException e) {
      err.println("mailstat: " + e.getMessage());
      return EXIT_USAGE;
    }
    cli.setParameterExceptionHandler((ex, a) -> {
      if (ex.getCommandLine().getCommandName().equals("check")) {
        // A monitoring plugin answers a bad command line with UNKNOWN, not with CRITICAL's 2.
        ex.getCommandLine().getOut().println("MAILSTAT UNKNOWN - " + ex.getMessage());
        return CheckCommand.UNKNOWN;
      }
      if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && ex.getCommandLine().getParent() == null
          && a.length > 0 && !a[0].startsWith("-") && unmatched.getUnmatched().indexOf(a[0]) == 0) {
        ex.getCommandLine().getErr().println("mailstat: unknown command '" + a[0] + "' (the commands: "
            + String.join(", ", MailstatCommand.commandNames()) + ")");
      } else {
        ex.getCommandLine().getErr().println("mailstat: " + UsageMessage.of(ex));
      }
      if (UsageMessage.isBadValue(ex)) {
        return EXIT_USAGE;
      }
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr())) {
        ex.getCommandLine().getErr().println(
            "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      }
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof UserError || ex instanceof ConfigException) {
        commandLine.getErr().println("mailstat: " + ex.getMessage());
        return EXIT_FAILURE;
      }
      if (ex instanceof CommandLine.ParameterException pe) {
        commandLine.getErr().println("mailstat: " + pe.getMessage());
        return EXIT_USAGE;
      }
      commandLine.getErr().println("mailstat: internal error: " + ex);
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("internal error", ex);
      return EXIT_FAILURE;
    });
    return cli.execute(args);
  }

  /** mailgraph's command line in any spelling its own parser accepts, in picocli's spelling. */
  private static String[] mailgraphArgs(String[] args, CommandLine cli) {
    MailgraphArgs reader = MailgraphArgs.forCommand(cli.getSubcommands().get("mailgraph").getCommandSpec());
    List<String> normalised = new ArrayList<>();
    normalised.add(args[0]);
    normalised.addAll(reader.normalise(Arrays.asList(args).subList(1, args.length)));
    return normalised.toArray(String[]::new);
  }
}
