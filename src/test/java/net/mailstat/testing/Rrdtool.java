package net.mailstat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The real rrdtool program, for tests of files that must stay rrdtool's (mailgraph's). */
public final class Rrdtool {
  /** mailgraph's archive of the day graph: 8 steps of 60 s. */
  public static final long DAY_ROW_SECONDS = 480;

  private Rrdtool() {}

  /** Runs rrdtool; returns its output, failing the test if it fails. */
  public static String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rrdtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("rrdtool %s finished", args[0]).isTrue();
    assertThat(p.exitValue()).as("rrdtool %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  /** Creates {@code file} with mailgraph 1.14's own definition for those data sources. */
  public static void createAsMailgraph(Path file, long start, String... dataSources)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("create", file.toString(), "--start", Long.toString(start),
        "--step", "60"));
    for (String ds : dataSources) {
      args.add("DS:" + ds + ":ABSOLUTE:120:0:U");
    }
    for (String cf : List.of("AVERAGE", "MAX")) {
      for (int steps : new int[] {8, 56, 280, 3360}) {
        args.add("RRA:" + cf + ":0.5:" + steps + ":198");
      }
    }
    run(args.toArray(String[]::new));
  }

  public static long lastUpdate(Path file) throws IOException, InterruptedException {
    return Long.parseLong(run("last", file.toString()).strip());
  }

  /**
   * Events per data source between {@code start} and {@code end}, from {@code rrdtool fetch} of
   * the day archive (AVERAGE rows of 480 s; unknown rows count nothing).
   */
  public static Map<String, Long> totals(Path file, long start, long end) throws IOException, InterruptedException {
    String out = run("fetch", file.toString(), "AVERAGE", "-r", Long.toString(DAY_ROW_SECONDS), "-s",
        Long.toString(start), "-e", Long.toString(end));
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    String[] names = lines.get(0).trim().split("\\s+");
    double[] sums = new double[names.length];
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(":", 2)[1].trim().split("\\s+");
      for (int i = 0; i < names.length; i++) {
        double v = Double.parseDouble(parts[i].replace("-nan", "NaN").replace("nan", "NaN"));
        if (!Double.isNaN(v)) {
          sums[i] += v * DAY_ROW_SECONDS;
        }
      }
    }
    Map<String, Long> totals = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      totals.put(names[i], Math.round(sums[i]));
    }
    return totals;
  }
}
