package net.mailstat.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A program run to completion (at most five minutes) with what it printed. */
record Sh(List<String> command, int exitCode, String out, String err) {
  static Sh run(String... command) throws IOException, InterruptedException {
    return run(List.of(command));
  }

  static Sh run(List<String> command) throws IOException, InterruptedException {
    return run(command, Map.of());
  }

  /** A runner with one more environment variable. */
  static Runner env(String name, String value) {
    return command -> run(List.of(command), Map.of(name, value));
  }

  interface Runner {
    Sh run(String... command) throws IOException, InterruptedException;
  }

  static Sh run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process p = builder.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = readAll(p.getInputStream());
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Sh(command, p.exitValue(), out, err.join());
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  List<String> lines() {
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  @Override
  public String toString() {
    return String.join(" ", command) + " exited " + exitCode + "\n" + out + err;
  }
}
