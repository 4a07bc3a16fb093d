package net.mailstat.snmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (net-snmp's tools, smilint) to completion and keeps what it printed. */
record Tool(int exitCode, String out, String err) {
  static Tool run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    byte[][] captured = new byte[2][];
    Thread errReader = new Thread(() -> {
      try {
        captured[1] = err.readAllBytes();
      } catch (IOException e) {
        captured[1] = new byte[0];
      }
    });
    errReader.start();
    captured[0] = out.readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    errReader.join();
    return new Tool(p.exitValue(), new String(captured[0], StandardCharsets.UTF_8),
        new String(captured[1], StandardCharsets.UTF_8));
  }

  static Tool run(String... command) throws IOException, InterruptedException {
    return run(List.of(command));
  }

  /** A net-snmp command line with no MIBs loaded and numeric OIDs: stable output for comparisons. */
  static Tool snmp(String program, String version, String community, int port, String... rest)
      throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(program, "-m", "", "-On", "-t", "1", "-r", "1",
        "-v", version, "-c", community, "127.0.0.1:" + port));
    c.addAll(List.of(rest));
    return run(c);
  }

  List<String> lines() {
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
