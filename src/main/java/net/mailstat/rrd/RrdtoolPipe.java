package net.mailstat.rrd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code rrdtool -} process (rrdtool's pipe mode: a command per line, each answered by its
 * output and an "OK" or "ERROR:" line), so that a minute's update costs a line, not a process.
 */
final class RrdtoolPipe implements AutoCloseable {
  static final String NOT_INSTALLED = "rrdtool is not installed (apt-get install rrdtool)";

  private final Process process;
  private final Writer commands;
  private final BufferedReader answers;

  private RrdtoolPipe(Process process) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code program} (normally "rrdtool") in pipe mode. */
  static RrdtoolPipe start(String program) throws IOException {
    try {
      return new RrdtoolPipe(new ProcessBuilder(program, "-").redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new IOException(NOT_INSTALLED, e);
    }
  }

  /** Runs one command; returns its output lines, or throws with rrdtool's error line. */
  synchronized List<String> run(String... words) throws IOException {
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (w.isEmpty() || w.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\')) {
        throw new IOException("cannot pass '" + w + "' to rrdtool (blanks, quotes or backslashes in a path)");
      }
      line.append(line.length() == 0 ? "" : " ").append(w);
    }
    commands.write(line.append('\n').toString());
    commands.flush();
    List<String> out = new ArrayList<>();
    String answer;
    while ((answer = answers.readLine()) != null) {
      if (answer.startsWith("OK")) {
        return out;
      }
      if (answer.startsWith("ERROR")) {
        throw new IOException("rrdtool " + words[0] + ": " + answer.replaceFirst("^ERROR:\\s*", ""));
      }
      out.add(answer);
    }
    throw new IOException("rrdtool ended unexpectedly (exit " + exitCode() + ")");
  }

  private String exitCode() {
    try {
      return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  @Override
  public void close() {
    try {
      commands.write("quit\n");
      commands.flush();
      commands.close();
    } catch (IOException e) {
      // it has gone already
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
