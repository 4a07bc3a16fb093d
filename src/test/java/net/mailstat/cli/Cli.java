package net.mailstat.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in this JVM, as the tests of the cli package do. */
final class Cli {
  private Cli() {}

  record Run(int exit, String out, String err) {}

  /** {@code mailstat ARGS}: its exit code and what it wrote to standard output and error. */
  static Run mailstat(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }
}
