package net.mailstat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.mailstat.state.StatLine;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;

/**
 * Whole-process benchmark for `mailstat run` (run by scripts/bench-follow): the time from a line
 * appended to the log to the stat file showing it (p50/p99, default intervals), and the CPU used
 * while the log is idle.
 */
public final class FollowLatencyBench {
  private FollowLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path dir = Files.createTempDirectory("mailstat-bench-follow");
    Path log = dir.resolve("mail.log");
    Path stat = dir.resolve("mailstat");
    Files.writeString(log, "");
    Process run = MailstatJar.start(dir.resolve("run.out"), "run", "--no-snmp", "--no-rrd", "--no-web", "--log", log.toString(), "--stat-file",
        stat.toString(), "--state-dir", dir.resolve("state").toString());
    try {
      waitFor(() -> rejected(stat) >= 0);
      List<Long> micros = new ArrayList<>();
      java.util.Random random = new java.util.Random(1);
      for (int i = 0; i < samples; i++) {
        long before = rejected(stat);
        long start = System.nanoTime();
        Files.writeString(log, "2026-11-23T10:00:00+00:00 mail postfix/smtpd[1]: NOQUEUE: reject: RCPT from"
            + " x[192.0.2.1]: 554 5.7.1 <a@b>: Relay access denied; from=<c@d> to=<a@b> proto=ESMTP helo=<x>\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        waitFor(() -> rejected(stat) > before);
        micros.add((System.nanoTime() - start) / 1000);
        Thread.sleep(random.nextInt(600)); // append at a random moment relative to the poll and commit ticks
      }
      Collections.sort(micros);
      long p50 = micros.get(micros.size() / 2);
      long p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1);
      System.out.printf("append-to-stat-file latency over %d appends: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
          + " (target p99 < 1000 ms: p99 is %.2fx of the target)%n", samples, p50 / 1000.0, p99 / 1000.0,
          micros.get(micros.size() - 1) / 1000.0, p99 / 1_000_000.0);

      long pid = run.pid();
      long cpuBefore = cpuTicks(pid);
      long wallStart = System.nanoTime();
      Thread.sleep(10_000);
      long cpuAfter = cpuTicks(pid);
      double seconds = (System.nanoTime() - wallStart) / 1e9;
      double cpuSeconds = (cpuAfter - cpuBefore) / 100.0;
      System.out.printf("idle CPU while following 1 quiet log for %.0f s: %.2f%% of one core%n", seconds,
          100 * cpuSeconds / seconds);
    } finally {
      run.destroy();
      run.waitFor();
    }
  }

  private static long rejected(Path stat) {
    try {
      return StatLine.parseFields(Files.readString(stat)).getOrDefault("rejected", -1L);
    } catch (Exception e) {
      return -1;
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    if (!Poll.until(java.time.Duration.ofSeconds(30), condition)) {
      throw new IllegalStateException("condition not reached in 30 s");
    }
  }

  /** utime + stime of a process in clock ticks (USER_HZ = 100 on Linux). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
