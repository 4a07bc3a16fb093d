package net.mailstat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool, run by the package phase (exec-maven-plugin): writes an AsciiDoc man page per command
 * and the bash completion script, both with picocli's own generators from the whole command tree.
 * It lives with the tests because picocli-codegen is a build dependency, never a runtime one.
 * Usage: {@code CommandDocs MAN_ADOC_DIR COMPLETION_FILE}.
 */
public final class CommandDocs {
  private CommandDocs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: CommandDocs MAN_ADOC_DIR COMPLETION_FILE");
    }
    CommandLine tree = commandTree();
    Path manDir = Path.of(args[0]);
    Files.createDirectories(manDir);
    int status = ManPageGenerator.generateManPage(manDir.toFile(), null, new boolean[0], true, tree.getCommandSpec());
    if (status != CommandLine.ExitCode.OK) {
      throw new IOException("picocli's ManPageGenerator failed with status " + status);
    }
    Path completion = Path.of(args[1]);
    Files.createDirectories(completion.toAbsolutePath().getParent());
    Files.writeString(completion, withoutInterpreterLine(AutoComplete.bash("mailstat", tree)), StandardCharsets.UTF_8);
  }

  /** bash sources a completion script; a {@code #!} line would only claim it runs on its own. */
  static String withoutInterpreterLine(String script) {
    return script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script;
  }

  /** Every command, as the help text shows them. */
  static CommandLine commandTree() {
    return MailstatCommand.commandLine(new String[0]);
  }
}
