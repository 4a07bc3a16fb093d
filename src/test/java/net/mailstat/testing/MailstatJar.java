package net.mailstat.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/mailstat.jar} as a real process, for integration tests. */
public final class MailstatJar {
  public static final Path JAR = Path.of("target/mailstat.jar").toAbsolutePath();

  private MailstatJar() {}

  /** A finished run: exit code and everything it printed. */
  public record Result(int exitCode, String stdout, String stderr) {}

  public static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
    return runIn(null, timeout, args);
  }

  /** As {@link #run}, in the working directory {@code dir} (null: this one). */
  public static Result runIn(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("mailstat-out", ".txt");
    Path err = Files.createTempFile("mailstat-err", ".txt");
    ProcessBuilder b = builder(args);
    if (dir != null) {
      b.directory(dir.toFile());
    }
    Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mailstat " + String.join(" ", args) + " did not finish in " + timeout);
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }

  /** Starts a long-running command; its stderr goes to {@code log}. */
  public static Process start(Path log, String... args) throws IOException {
    return builder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static ProcessBuilder builder(String... args) {
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }
}
