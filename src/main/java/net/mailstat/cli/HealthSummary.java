package net.mailstat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.mailstat.queue.QueueSampler;
import net.mailstat.queue.QueueSnapshot;
import net.mailstat.state.StatusFile;
import net.mailstat.web.Health;

/** The page's health summary, from the instance's latest status (the same facts as mailstat status). */
final class HealthSummary {
  private HealthSummary() {}

  static Health of(StatusFile.Status s, long now) {
    if (s == null) {
      return new Health(false, List.of("starting"));
    }
    boolean healthy = s.commitError() == null;
    List<String> lines = new ArrayList<>();
    for (StatusFile.Source src : s.sources()) {
      healthy &= src.state().equals("following") || src.state().equals("starting");
      lines.add("source " + src.id() + ": " + src.state() + ", last line "
          + (src.lastLineSecond() == 0 ? "never" : Math.max(0, now - src.lastLineSecond()) + " s ago")
          + (src.logSecond() == 0 ? "" : ", log time lag " + Math.max(0, now - src.logSecond()) + " s")
          + (src.trouble() == null ? "" : "; " + src.trouble()));
    }
    if (s.rrdFile() != null) {
      lines.add("RRD last update " + rrdAge(Path.of(s.rrdFile()), now));
    }
    lines.add(s.commitError() == null
        ? "counters last written " + (s.lastCommitSecond() == 0 ? "never" : Math.max(0, now - s.lastCommitSecond()) + " s ago")
        : "counters cannot be written: " + s.commitError());
    lines.add("warnings since start: " + s.warnings());
    return new Health(healthy, lines);
  }

  /**
   * {@code h} with a line on the Postfix queues ("queue: up, 3 messages" or "queue: unavailable
   * (reason)") when they are sampled; whether all is well stays the counting's verdict, since a
   * loghost may have postqueue without a running Postfix.
   */
  static Health withQueue(Health h, QueueSampler sampler) {
    if (sampler == null) {
      return h;
    }
    QueueSnapshot queue = sampler.latest();
    List<String> lines = new ArrayList<>(h.lines());
    lines.add("queue: " + (queue == null ? "first sample not taken yet" : queue.describe()));
    return new Health(h.healthy(), lines);
  }

  private static String rrdAge(Path file, long now) {
    try {
      return Math.max(0, now - Files.getLastModifiedTime(file).toMillis() / 1000) + " s ago";
    } catch (IOException e) {
      return "never";
    }
  }
}
