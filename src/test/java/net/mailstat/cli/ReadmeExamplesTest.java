package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.mailstat.testing.Readme;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README.md stays true: every mailstat command line in its code blocks is one the program accepts
 * (ReadmeIT runs those that can run here), and its list of test packages is the one
 * scripts/install-test-deps installs.
 */
class ReadmeExamplesTest {
  @Test
  void everyMailstatCommandLineInTheReadmeIsAccepted() throws IOException {
    List<List<String>> commands = Readme.mailstatCommands();
    assertThat(commands).as("the README's mailstat command lines").hasSizeGreaterThan(10);
    List<String> refused = new ArrayList<>();
    for (List<String> args : commands) {
      String[] argv = args.toArray(String[]::new);
      CommandLine cli = MailstatCommand.commandLine(argv);
      cli.setCaseInsensitiveEnumValuesAllowed(true);
      try {
        CommandLine.ParseResult parsed = cli.parseArgs(argv);
        assertThat(parsed.hasSubcommand()).as("a command in: mailstat %s", String.join(" ", args)).isTrue();
      } catch (CommandLine.ParameterException e) {
        refused.add("mailstat " + String.join(" ", args) + ": " + e.getMessage());
      }
    }
    assertThat(refused).as("README lines mailstat refuses").isEmpty();
  }

  @Test
  void theParserOfReadmeLinesSeesOptionsAndQuotes() {
    assertThat(Readme.words("mailstat explain 'Nov  1 a: b' --x=1   # comment")).containsExactly("mailstat", "explain",
        "Nov  1 a: b", "--x=1");
    assertThat(Readme.words("a#b c")).containsExactly("a#b", "c");
  }

  @Test
  void theListOfTestPackagesIsWhatInstallTestDepsInstalls() throws IOException {
    String readme = Files.readString(Readme.FILE);
    Matcher m = Pattern.compile("<!-- test-packages -->(.*?)<!-- /test-packages -->", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README marks its list of test packages").isTrue();
    TreeSet<String> listed = new TreeSet<>();
    Matcher name = Pattern.compile("`([a-z0-9][a-z0-9.+-]*)`").matcher(m.group(1));
    while (name.find()) {
      listed.add(name.group(1));
    }
    TreeSet<String> installed = new TreeSet<>();
    try (Stream<Path> lists = Files.list(Path.of("scripts/test-deps"))) {
      for (Path list : lists.filter(p -> p.toString().endsWith(".list")).toList()) {
        for (String line : Files.readAllLines(list)) {
          for (String word : line.replaceFirst("#.*", "").trim().split("\\s+")) {
            if (!word.isEmpty()) {
              installed.add(word);
            }
          }
        }
      }
    }
    assertThat(installed).hasSizeGreaterThan(10);
    assertThat(listed).isEqualTo(installed);
  }
}
