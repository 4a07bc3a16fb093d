package net.mailstat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** README.md's code blocks and the mailstat command lines in them, for the tests that keep it true. */
public final class Readme {
  private Readme() {}

  public static final Path FILE = Path.of("README.md");

  /** The README's code blocks, each as its lines with continuations joined. */
  public static List<List<String>> codeBlocks() throws IOException {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    StringBuilder continued = new StringBuilder();
    for (String line : Files.readAllLines(FILE)) {
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
  public static List<String> words(String line) {
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
  public static List<List<String>> mailstatCommands() throws IOException {
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
}
