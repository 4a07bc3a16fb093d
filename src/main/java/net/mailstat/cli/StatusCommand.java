package net.mailstat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.state.StatFileContent;
import net.mailstat.state.StatFileException;
import net.mailstat.state.StatFileFamily;
import net.mailstat.state.StatFileReader;
import net.mailstat.state.StatusFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "One screen for a running installation, from its files (stat file, status files in the state "
            + "directory) and, when they listen, its SNMP agent and web page: sources, counters and rates, "
            + "owners, last commit, listeners, RRD, warnings.",
        "Exit code 0 when healthy; 1 with the reasons (one line on stderr) when not."})
final class StatusCommand implements Callable<Integer> {
  private static final int MAX_STATUS_FILES = 16;

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Option(names = "--stat-file", paramLabel = "FILE", description = "Stat file (default: ${DEFAULT-VALUE}).")
  Path statFile = StatFileFamily.DEFAULT_STAT_FILE;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "State directory (default: ${DEFAULT-VALUE}).")
  Path stateDir = Path.of("/var/lib/mailstat");

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output: text (default) or json.")
  Format format = Format.text;

  @Option(names = "--probe-community", paramLabel = "NAME",
      description = "v2c community for asking the SNMP agent whether it answers (default: ${DEFAULT-VALUE}).")
  String community = "public";

  @Option(names = "--timeout", paramLabel = "MILLIS",
      description = "How long a listener may take to answer (default: ${DEFAULT-VALUE} ms).")
  long timeoutMillis = 1500;

  @Override
  public Integer call() {
    if (timeoutMillis < 10 || timeoutMillis > 60_000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be 10..60000 ms");
    }
    long now = System.currentTimeMillis() / 1000;
    List<String> problems = new ArrayList<>();
    CounterSnapshot counts = null;
    try {
      Optional<StatFileContent> content = StatFileReader.read(statFile);
      if (content.isEmpty()) {
        problems.add("no stat file " + statFile);
      } else {
        counts = content.get().counts();
      }
    } catch (IOException | StatFileException e) {
      problems.add("cannot read the stat file: " + e.getMessage());
    }
    List<StatusReport.Instance> instances = new ArrayList<>();
    for (Path file : statusFiles(problems)) {
      try {
        Optional<StatusFile.Status> s = StatusFile.read(file);
        s.ifPresent(status -> instances.add(inspect(status, now, problems)));
      } catch (IOException | StatFileException e) {
        problems.add("cannot read " + file + ": " + e.getMessage());
      }
    }
    if (instances.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("cannot read "))) {
      problems.add("no mailstat run has written a status file in " + stateDir + " for " + statFile.getFileName());
    }
    StatusReport report = new StatusReport(now, statFile.toString(), counts, instances, problems);
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(report.json());
    } else {
      report.print(out);
    }
    out.flush();
    if (!problems.isEmpty()) {
      spec.commandLine().getErr().println("mailstat: unhealthy: " + String.join("; ", problems));
      return Main.EXIT_FAILURE;
    }
    return Main.EXIT_OK;
  }

  private List<Path> statusFiles(List<String> problems) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(stateDir)) {
      problems.add("no state directory " + stateDir);
      return out;
    }
    String glob = statFile.getFileName() + ".*.status";
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(stateDir, glob)) {
      for (Path p : dir) {
        if (out.size() < MAX_STATUS_FILES) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      problems.add("cannot list " + stateDir + ": " + e.getMessage());
    }
    out.sort(null);
    return out;
  }

  private StatusReport.Instance inspect(StatusFile.Status s, long now, List<String> problems) {
    long age = Math.max(0, now - s.writtenSecond());
    boolean alive = ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false);
    boolean running = alive && age <= Math.max(10, 3 * s.intervalSeconds());
    String name = s.instance() == null ? "?" : s.instance();
    if (!alive) {
      problems.add("instance " + name + " is not running (pid " + s.pid() + " is gone; status written " + age
          + " s ago)");
    } else if (!running) {
      problems.add("instance " + name + " (pid " + s.pid() + ") has not written its status for " + age
          + " s: its state directory is not writable, or it is stuck");
    }
    List<StatusReport.SourceRow> sources = new ArrayList<>();
    for (StatusFile.Source src : s.sources()) {
      Long behind = null;
      Path path = src.id() != null && src.id().startsWith("/") ? Path.of(src.id()) : null;
      if (path != null && Files.isRegularFile(path)) {
        try {
          behind = Math.max(0, Files.size(path) - src.offset());
        } catch (IOException e) {
          behind = null;
        }
      }
      sources.add(new StatusReport.SourceRow(src, behind));
      if (running && !src.state().equals("following") && !src.state().equals("starting")) {
        problems.add("source " + src.id() + " is " + src.state() + (src.trouble() == null ? "" : ": " + src.trouble()));
      }
    }
    if (running && s.commitError() != null) {
      problems.add("instance " + name + " cannot commit: " + s.commitError());
    }
    List<StatusReport.ListenerRow> listeners = new ArrayList<>();
    for (StatusFile.Listener l : s.listeners()) {
      String answer = running ? probe(l) : "not asked: the instance is not running";
      listeners.add(new StatusReport.ListenerRow(l, answer));
      if (running && answer != null && !answer.startsWith("not asked")) {
        problems.add(l.kind() + " listener " + l.address() + " does not answer: " + answer);
      }
    }
    Long rrdAge = null;
    if (s.rrdFile() != null) {
      try {
        rrdAge = Math.max(0, now - Files.getLastModifiedTime(Path.of(s.rrdFile())).toMillis() / 1000);
      } catch (IOException e) {
        rrdAge = null;
      }
    }
    return new StatusReport.Instance(s, running, age, sources, listeners, rrdAge);
  }

  /** Null if the listener answers, else why not (or why it was not asked). */
  private String probe(StatusFile.Listener l) {
    Duration timeout = Duration.ofMillis(timeoutMillis);
    return switch (l.kind()) {
      case "snmp" -> net.mailstat.snmp.AgentProbe.ask(l.address(), community, timeout);
      case "web" -> askWeb(l.address() + "api/counters", timeout);
      default -> "not asked: " + l.kind() + " listeners receive only";
    };
  }

  private static String askWeb(String url, Duration timeout) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 || r.statusCode() == 503 ? null : "HTTP " + r.statusCode();
    } catch (IOException | IllegalArgumentException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
