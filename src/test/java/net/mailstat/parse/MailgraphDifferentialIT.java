package net.mailstat.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs Debian's mailgraph 1.14 (a counting copy made at run time by patch-mailgraph, with the bug
 * fixes docs/counting.md lists) and {@code mailstat parse --compat=mailgraph} on the same logs with
 * the same options, and requires identical totals for every category.
 */
class MailgraphDifferentialIT {
  private static final Path MAILGRAPH = Path.of("/usr/sbin/mailgraph");
  private static final Path JAR = Path.of("target/mailstat.jar");
  private static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static final Path OWN = Path.of("src/test/resources/net/mailstat/parse");
  private static final Path GOLDEN = Path.of("src/test/resources/net/mailstat/classify/golden");
  /**
   * mailgraph dies (Time::Local croaks) on a line shaped like a syslog line whose month is not a
   * month name; mailstat counts it as unparsed. Such lines are left out of mailgraph's copy.
   */
  private static final Pattern KILLS_MAILGRAPH = Pattern.compile(
      "^(?!Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
          + "\\S{3}\\s+\\d+\\s\\d+:\\d+:\\d+");
  private static final List<String> CATEGORIES =
      List.of("sent", "received", "bounced", "rejected", "virus", "spam", "greylisted", "delayed");

  @TempDir static Path tmp;
  static Path counting;
  static Path ruleCases;

  @BeforeAll
  static void countingCopyOfMailgraph() throws Exception {
    assertThat(MAILGRAPH).as("Debian's mailgraph (scripts/install-test-deps installs it)").exists();
    counting = tmp.resolve("mailgraph");
    Process p = new ProcessBuilder("perl", OWN.resolve("patch-mailgraph").toString(), MAILGRAPH.toString())
        .redirectOutput(counting.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    assertThat(p.waitFor()).as("patch-mailgraph").isZero();
    ruleCases = tmp.resolve("rule-cases.log");
    try (InputStream in = MailgraphDifferentialIT.class.getResourceAsStream("/net/mailstat/classify/rule-cases.txt")) {
      List<String> lines = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("miss ")) {
          lines.add(line.substring(5));
        } else if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("rule ") && !line.startsWith("expect ")) {
          lines.add(line);
        }
      }
      Files.write(ruleCases, lines);
    }
  }

  static List<Path> allLogs() throws IOException {
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CORPUS)) {
      files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().matches("COPYING|LICENSE|README.md"))
          .sorted().forEach(logs::add);
    }
    logs.add(OWN.resolve("mailgraph-edge.log"));
    logs.add(GOLDEN.resolve("postfix-amavis.log"));
    logs.add(GOLDEN.resolve("postfix-amavis-rfc3339.log"));
    logs.add(null); // the rule cases, written in @BeforeAll
    return logs;
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (Path log : allLogs()) {
      cases.add(Arguments.of(log, List.of()));
    }
    List<List<String>> optionSets = List.of(
        List.of("--ignore-localhost"),
        List.of("--ignore-host=example\\.net"),
        List.of("--ignore-host=relay", "--ignore-host=EXAMPLE.ORG"),
        List.of("--rbl-is-spam"),
        List.of("--virbl-is-virus"),
        List.of("--rbl-is-spam", "--virbl-is-virus", "--ignore-localhost"),
        List.of("--host=mx"),
        List.of("--host=OTHER|server"));
    for (Path log : List.of(OWN.resolve("mailgraph-edge.log"), GOLDEN.resolve("postfix-amavis.log"), CORPUS.resolve("fail2ban/postfix"),
        CORPUS.resolve("mailgraph/postfix-log.txt"), CORPUS.resolve("fail2ban/sendmail-reject"))) {
      for (List<String> options : optionSets) {
        cases.add(Arguments.of(log, options));
      }
    }
    cases.add(Arguments.of(null, List.of("--ignore-localhost")));
    cases.add(Arguments.of(null, List.of("--rbl-is-spam", "--virbl-is-virus")));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void sameTotalsAsMailgraph(Path logOrNull, List<String> options) throws Exception {
    Path log = logOrNull == null ? ruleCases : logOrNull;
    Path forMailgraph = Files.createTempFile(tmp, "mailgraph-input", ".log");
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      Files.write(forMailgraph, (Iterable<String>) lines.filter(l -> !KILLS_MAILGRAPH.matcher(l).find())::iterator,
          StandardCharsets.ISO_8859_1);
    }
    List<String> mg = new ArrayList<>(List.of("perl", counting.toString(), "--cat", "-l", forMailgraph.toString(), "--year=2026"));
    mg.addAll(options);
    List<String> ms = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "parse", "--compat=mailgraph",
        "--format=json", "--year=2026"));
    ms.addAll(options);
    ms.add(log.toString());

    Map<String, Long> mailgraph = totals(run(mg), Pattern.compile("(\\w+):(\\d+)"));
    Map<String, Long> mailstat = totals(run(ms), Pattern.compile("\"(\\w+)\": (\\d+)"));

    Map<String, Long> ours = new LinkedHashMap<>();
    CATEGORIES.forEach(c -> ours.put(c, mailstat.get(c)));
    assertThat(ours).isEqualTo(mailgraph);
    assertThat(mailstat.get("delivered")).isZero();
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    return out;
  }

  private static Map<String, Long> totals(String output, Pattern pair) {
    Map<String, Long> all = new LinkedHashMap<>();
    Matcher m = pair.matcher(output);
    while (m.find()) {
      all.put(m.group(1), Long.parseLong(m.group(2)));
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String c : CATEGORIES) {
      assertThat(all).as(output).containsKey(c);
      ordered.put(c, all.get(c));
    }
    ordered.putAll(all);
    return ordered;
  }
}
