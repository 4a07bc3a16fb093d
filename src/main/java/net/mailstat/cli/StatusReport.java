package net.mailstat.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.json.Json;
import net.mailstat.state.StatusFile;

/** What {@code mailstat status} found, as one screen of text or as JSON (docs/formats.md). */
record StatusReport(long now, String statFile, CounterSnapshot counts, List<Instance> instances, List<String> problems) {

  record SourceRow(StatusFile.Source source, Long bytesBehind) {}

  /** {@code answer} null: it answers. */
  record ListenerRow(StatusFile.Listener listener, String answer) {}

  record Instance(StatusFile.Status status, boolean running, long statusAgeSeconds, List<SourceRow> sources,
      List<ListenerRow> listeners, Long rrdAgeSeconds) {}

  /** Messages a minute per category over the samples' span, or null if under a minute is sampled. */
  private static double[] rates(List<StatusFile.Sample> samples) {
    if (samples.size() < 2) {
      return null;
    }
    StatusFile.Sample first = samples.get(0);
    StatusFile.Sample last = samples.get(samples.size() - 1);
    long seconds = last.epochSecond() - first.epochSecond();
    if (seconds < 60) {
      return null;
    }
    double[] out = new double[Category.all().size()];
    for (Category c : Category.all()) {
      out[c.ordinal()] = Math.max(0, last.counts().get(c) - first.counts().get(c)) * 60.0 / seconds;
    }
    return out;
  }

  private static long span(List<StatusFile.Sample> samples) {
    return samples.size() < 2 ? 0 : samples.get(samples.size() - 1).epochSecond() - samples.get(0).epochSecond();
  }

  private List<StatusFile.Sample> samples() {
    return instances.stream().filter(Instance::running).map(i -> i.status().samples())
        .filter(s -> s.size() >= 2).findFirst().orElse(List.of());
  }

  private String ago(long epochSecond) {
    return epochSecond == 0 ? "never" : Math.max(0, now - epochSecond) + " s ago";
  }

  void print(PrintWriter out) {
    out.println("mailstat status: " + (problems.isEmpty() ? "healthy" : "UNHEALTHY"));
    for (String p : problems) {
      out.println("  problem: " + p);
    }
    out.println();
    double[] rates = rates(samples());
    out.println("counters (" + statFile + ")" + (rates == null ? "" : ", rate over the last "
        + span(samples()) / 60 + " min:"));
    if (counts == null) {
      out.println("  none");
    } else {
      for (Category c : Category.all()) {
        out.printf(Locale.ROOT, "  %-11s %12d%s%n", c.key(), counts.get(c),
            rates == null ? "" : String.format(Locale.ROOT, "  %8.2f/min", rates[c.ordinal()]));
      }
    }
    for (Instance i : instances) {
      StatusFile.Status s = i.status();
      out.println();
      out.println("instance " + s.instance() + ": " + (i.running() ? "running" : "NOT RUNNING") + ", pid " + s.pid()
          + ", up " + (i.running() ? Math.max(0, now - s.startedSecond()) + " s" : "-") + ", status written "
          + i.statusAgeSeconds() + " s ago");
      out.println("  owns: " + String.join(" ", s.owns()));
      out.println("  last commit: " + ago(s.lastCommitSecond())
          + (s.commitError() == null ? ", ok" : ", FAILING: " + s.commitError()));
      out.println("  sources:");
      for (SourceRow row : i.sources()) {
        StatusFile.Source src = row.source();
        out.println("    " + src.id() + "  " + src.state() + ", offset " + src.offset()
            + (row.bytesBehind() == null ? "" : ", " + row.bytesBehind() + " bytes behind")
            + ", last line " + ago(src.lastLineSecond())
            + (src.logSecond() == 0 ? "" : ", log time lag " + Math.max(0, now - src.logSecond()) + " s")
            + (src.trouble() == null ? "" : "; " + src.trouble()));
      }
      out.println("  listeners:" + (i.listeners().isEmpty() ? " none" : ""));
      for (ListenerRow l : i.listeners()) {
        out.println("    " + l.listener().kind() + " " + l.listener().address() + "  "
            + (l.answer() == null ? "answers" : l.answer()));
      }
      out.println("  rrd: " + (s.rrdFile() == null ? "none" : s.rrdFile() + ", written "
          + (i.rrdAgeSeconds() == null ? "never" : i.rrdAgeSeconds() + " s ago")));
      out.println("  warnings since start: " + s.warnings() + (s.lastWarning() == null ? "" : " (last: "
          + s.lastWarning() + ")"));
      printUnmatched(out, s.unmatched());
    }
  }

  private static void printUnmatched(PrintWriter out, StatusFile.Unmatched u) {
    String sample = u.sampled() == u.lines() ? "all " + u.lines() + " lines read since start"
        : "a sample of " + u.sampled() + " of the " + u.lines() + " lines read since start";
    out.println("  mail lines no rule matched: " + u.unmatched() + " in " + sample
        + (u.shapes().isEmpty() ? "" : "; the most frequent shapes (mailstat explain tells why):"));
    for (StatusFile.UnmatchedShape shape : u.shapes()) {
      UnmatchedTable.row(out, "  ", shape.count(), shape.overCount(), shape.shape(), shape.example());
    }
  }

  String json() {
    Json j = new Json().beginObject().field("healthy", problems.isEmpty()).field("now", now);
    j.name("problems").beginArray();
    problems.forEach(j::value);
    j.endArray().field("stat_file", statFile).name("counters");
    if (counts == null) {
      j.value((String) null);
    } else {
      j.beginObject();
      Category.all().forEach(c -> j.field(c.key(), counts.get(c)));
      j.endObject();
    }
    double[] rates = rates(samples());
    j.name("rates_per_minute");
    if (rates == null) {
      j.value((String) null);
    } else {
      j.beginObject().field("span_seconds", span(samples()));
      Category.all().forEach(c -> j.field(c.key(), rates[c.ordinal()], 3));
      j.endObject();
    }
    j.name("instances").beginArray();
    for (Instance i : instances) {
      StatusFile.Status s = i.status();
      j.beginObject().field("instance", s.instance()).field("running", i.running()).field("pid", s.pid())
          .field("started", s.startedSecond()).field("status_age_seconds", i.statusAgeSeconds());
      j.name("owns").beginArray();
      s.owns().forEach(j::value);
      j.endArray().field("last_commit", s.lastCommitSecond()).field("commit_error", s.commitError());
      j.name("sources").beginArray();
      for (SourceRow row : i.sources()) {
        StatusFile.Source src = row.source();
        j.beginObject().field("id", src.id()).field("state", src.state()).field("offset", src.offset())
            .name("bytes_behind");
        if (row.bytesBehind() == null) {
          j.value((String) null);
        } else {
          j.value(row.bytesBehind().longValue());
        }
        j.field("last_line", src.lastLineSecond()).field("log_time", src.logSecond())
            .field("trouble", src.trouble()).endObject();
      }
      j.endArray().name("listeners").beginArray();
      for (ListenerRow l : i.listeners()) {
        j.beginObject().field("kind", l.listener().kind()).field("address", l.listener().address())
            .field("answers", l.answer() == null).field("why_not", l.answer()).endObject();
      }
      j.endArray().field("rrd_file", s.rrdFile()).name("rrd_age_seconds");
      if (i.rrdAgeSeconds() == null) {
        j.value((String) null);
      } else {
        j.value(i.rrdAgeSeconds().longValue());
      }
      j.field("warnings", s.warnings()).field("last_warning", s.lastWarning());
      StatusFile.Unmatched u = s.unmatched();
      j.name("unmatched").beginObject().field("lines", u.lines()).field("sampled", u.sampled())
          .field("unmatched_lines", u.unmatched()).name("shapes").beginArray();
      for (StatusFile.UnmatchedShape shape : u.shapes()) {
        j.beginObject().field("count", shape.count()).field("over_count", shape.overCount())
            .field("shape", shape.shape()).field("example", shape.example()).endObject();
      }
      j.endArray().endObject().endObject();
    }
    return j.endArray().endObject().toString();
  }
}
