package net.mailstat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.Readme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's examples that can run on the test machine, as written, on a generated log:
 * "Running it by hand" (run, both snmpwalks, counters) and "When a number looks wrong" (explain,
 * parse --unmatched, status) against that run. Only the server's paths are replaced by this
 * test's (the log, and through a --config file the state directory), so an option renamed, a
 * command's output or exit code changed, or a walk that no longer answers fails here.
 */
class ReadmeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Process run;

  @AfterEach
  void stop() throws Exception {
    if (run != null) {
      run.destroy();
      if (!run.waitFor(20, TimeUnit.SECONDS)) {
        run.destroyForcibly();
      }
    }
  }

  private List<String> block(String containing) throws Exception {
    for (List<String> block : Readme.codeBlocks()) {
      if (block.stream().anyMatch(l -> l.contains(containing))) {
        return block;
      }
    }
    throw new AssertionError("README has no code block with " + containing);
  }

  /** A README line's words with this test's paths for the server's. */
  private List<String> localized(String line) {
    List<String> out = new ArrayList<>();
    for (String w : Readme.words(line)) {
      out.add(w.replace("/var/log/mail.log", dir.resolve("mail.log").toString())
          .replace("/var/lib/mailstat/mailstat", dir.resolve("mailstat").toString()));
    }
    return out;
  }

  private String[] mailstatArgs(List<String> words) {
    List<String> args = new ArrayList<>(words.subList(1, words.size()));
    args.add(1, "--config=" + dir.resolve("mailstat.conf"));
    return args.toArray(String[]::new);
  }

  private static String tool(List<String> words) throws Exception {
    Process p = new ProcessBuilder(words).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", words), out).isZero();
    return out;
  }

  private String counted() throws Exception {
    Path stat = dir.resolve("mailstat");
    return Files.exists(stat) ? nineCounters(Files.readString(stat)) : "";
  }

  private static String nineCounters(String line) {
    String[] fields = line.strip().split(" ");
    return String.join(" ", java.util.Arrays.copyOf(fields, Math.min(9, fields.length)));
  }

  @Test
  void theReadmesExamplesRunAsWritten() throws Exception {
    Path log = dir.resolve("mail.log");
    Process gen = new ProcessBuilder("scripts/gen-mail-log", "--lines", "2000", "--mix", "noisy")
        .redirectOutput(log.toFile()).start();
    assertThat(gen.waitFor()).isZero();
    Files.writeString(dir.resolve("mailstat.conf"), "stat-file = " + dir.resolve("mailstat") + "\n[run]\nstate-dir = "
        + dir.resolve("state") + "\nrrd-dir = " + dir.resolve("rrd") + "\n[status]\nstate-dir = " + dir.resolve("state")
        + "\n");
    MailstatJar.Result parsed = MailstatJar.run(WAIT, "parse", "--format=mailstat", log.toString());
    assertThat(parsed.exitCode()).as(parsed.stderr()).isZero();
    String expected = nineCounters(parsed.stdout());

    List<String> byHand = block("mailstat run --log /var/log/mail.log");
    List<String> why = block("mailstat explain --trace");
    int ran = 0;
    for (String line : concat(byHand, why)) {
      List<String> words = localized(line);
      if (words.isEmpty()) {
        continue;
      }
      ran++;
      if (words.get(0).equals("mailstat") && words.get(1).equals("run")) {
        run = MailstatJar.start(dir.resolve("run.out"), mailstatArgs(words));
        assertThat(Poll.until(WAIT, () -> {
          try {
            return expected.equals(counted());
          } catch (Exception e) {
            return false;
          }
        })).as("run counted %s, parse %s; %s", counted(), expected, Files.readString(dir.resolve("run.out"))).isTrue();
      } else if (words.get(0).equals("mailstat")) {
        String[] args = mailstatArgs(words);
        MailstatJar.Result r = args[0].equals("status") ? awaitHealthy(args) : MailstatJar.run(WAIT, args);
        assertThat(r.exitCode()).as("%s: %s%s", line, r.stdout(), r.stderr()).isZero();
        assertThat(r.stdout()).as(line).isNotBlank();
        assertThat(r.stderr()).as(line).doesNotContain("Exception");
        if (args[0].equals("counters")) {
          assertThat(r.stdout()).contains(expected.split(" ")[0].replace("sent:", ""));
        }
        if (line.contains("--qid F3ADCBDC18")) {
          assertThat(r.stdout()).contains("F3ADCBDC18");
        }
      } else if (words.get(0).equals("snmpwalk")) {
        String sent = expected.split(" ")[0];
        String wanted = words.contains("MAILSTAT-NAMES")
            ? "MAILSTAT-NAMES::mailstatSent.0 = Counter64: " + sent.substring(5) : sent + " ";
        // the agent reads the stat file every 250 ms: a walk right after the commit may be one poll behind
        String out = tool(words);
        for (int i = 0; i < 20 && !out.contains(wanted); i++) {
          Thread.sleep(250);
          out = tool(words);
        }
        assertThat(out).as(line).doesNotContain("No Such Object").doesNotContain("Cannot find module")
            .contains(wanted);
      } else {
        throw new AssertionError("this test does not know how to run README line: " + line);
      }
    }
    assertThat(ran).isGreaterThanOrEqualTo(9);
  }

  private MailstatJar.Result awaitHealthy(String[] args) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    MailstatJar.Result r = MailstatJar.run(WAIT, args);
    while (r.exitCode() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      r = MailstatJar.run(WAIT, args);
    }
    return r;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
