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
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README.md stays true: every mailstat command line in its code blocks is one the program accepts
 * (ReadmeIT runs those that can run here), and its list of test packages is the one
 * scripts/install-test-deps installs.
 */
class ReadmeExamplesTest {
  static final Path README = Path.of("README.md");

  /** The README's code blocks, each as its lines with continuations joined. */
  static List<List<String>> codeBlocks() throws IOException {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    StringBuilder continued = new StringBuilder();
    for (String line : Files.readAllLines(README)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("```")) {
        if (current == null) {
          current = new ArrayList<>();
        } else {
          blocks.add(current);
          current = null;
        }
        continue;
      }
      if (current == null) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        continued.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.add(continued + trimmed);
      continued.setLength(0);
    }
    return blocks;
  }

  /** Shell words of {@code line} up to a comment, quotes removed. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '#' && !inWord) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  /** The arguments of every mailstat command line in the README's code blocks (after the program name). */
  static List<List<String>> mailstatCommands() throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (List<String> block : codeBlocks()) {
      for (String line : block) {
        List<String> w = words(line.replaceFirst("^command\\[\\w+]=", ""));
        for (int i = 0; i < w.size(); i++) {
          String program = w.get(i);
          boolean commandPosition = i == 0 || w.get(i - 1).equals("--"); // runuser -u mailstat -- mailstat ...
          if (commandPosition && (program.equals("mailstat") || program.endsWith("/mailstat"))) {
            List<String> args = new ArrayList<>(w.subList(i + 1, w.size()));
            int pipe = args.indexOf("|");
            out.add(pipe < 0 ? args : args.subList(0, pipe));
            break;
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyMailstatCommandLineInTheReadmeIsAccepted() throws IOException {
    List<List<String>> commands = mailstatCommands();
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
    assertThat(words("mailstat explain 'Nov  1 a: b' --x=1   # comment")).containsExactly("mailstat", "explain",
        "Nov  1 a: b", "--x=1");
    assertThat(words("a#b c")).containsExactly("a#b", "c");
  }

  @Test
  void theListOfTestPackagesIsWhatInstallTestDepsInstalls() throws IOException {
    String readme = Files.readString(README);
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
