package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mailstat.line.LineSink;
import net.mailstat.line.SourcePosition;

/**
 * Follows the systemd journal through {@code journalctl -f -o json}, on the caller's thread. Each
 * entry of a mail program ({@link JournalSettings#identifiers()}) that its trusted fields show to
 * come from a mail daemon ({@link JournalTrust}) becomes one syslog line (see
 * {@link JournalLine}); after each read the cursor of the last entry read, mail or not, is
 * reported, and a restart resumes after it ({@code --after-cursor}), so nothing is counted twice
 * or skipped. Without a saved cursor, following starts at the journal's end, or with backfill at
 * its oldest entry.
 *
 * <p>If journalctl ends (journald restarted, a bad option, the journal files unreadable), the
 * reason is reported as trouble and journalctl is started again after a delay, from the cursor.
 */
public final class JournalSource implements LogSource {
  /** The fields read; journalctl adds __CURSOR and __REALTIME_TIMESTAMP by itself. */
  static final String FIELDS = "__REALTIME_TIMESTAMP,_HOSTNAME,SYSLOG_IDENTIFIER,SYSLOG_PID,_PID,MESSAGE,"
      + "_SYSTEMD_UNIT,_EXE,_COMM";
  /**
   * Entries are one JSON line each; a longer one (a huge message) is skipped as overlong, and so
   * is an entry whose syslog line would be longer than other sources allow (64 KiB).
   */
  private static final int MAX_ENTRY_BYTES = 1 << 20;
  private static final int MAX_STDERR_CHARS = 300;
  /** How often a quiet journal is looked at again (each time, the listener hears it is caught up). */
  private static final long QUIET_POLL_MILLIS = 200;

  private final JournalSettings settings;
  private final FollowListener listener;
  private final JournalEntry entry = new JournalEntry();
  private final JournalLine line;
  private final UntrustedEntries untrusted = new UntrustedEntries();
  private final Object sleeper = new Object();
  private volatile boolean running = true;
  private volatile Process process;
  private String cursor;
  private String reportedCursor;
  private boolean reportedOnce;

  public JournalSource(JournalSettings settings, SourcePosition resume, FollowListener listener) {
    this.settings = settings;
    this.listener = listener;
    this.line = new JournalLine(settings.identifiers());
    this.cursor = resume == null ? null : resume.cursor();
  }

  /** The journal source; its checkpoint id is {@code journal}. */
  public static Definition definition(JournalSettings settings) {
    return new Definition("journal", (resume, firstStart, listener) -> new JournalSource(settings, resume, listener));
  }

  /** The journalctl command line for the current cursor. */
  List<String> command() {
    List<String> cmd = new ArrayList<>(settings.command());
    cmd.addAll(List.of("--follow", "--output=json", "--all", "--no-pager", "--output-fields=" + FIELDS));
    if (cursor != null) {
      cmd.add("--after-cursor=" + cursor);
      cmd.add("--no-tail");
    } else if (settings.backfill()) {
      cmd.add("--no-tail");
    } else {
      cmd.add("--lines=0");
    }
    return cmd;
  }

  @Override
  public void run() {
    while (running) {
      String ended;
      try {
        ended = followOnce();
      } catch (IOException e) {
        ended = "cannot run " + settings.command().get(0) + ": " + e.getMessage();
      }
      if (!running) {
        break;
      }
      report();
      listener.trouble("journal: " + ended + "; starting it again in " + settings.restartDelay().toMillis() + " ms");
      pause();
    }
    report();
  }

  /** False if interrupted (the source is being stopped). */
  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs journalctl until it ends; returns why it ended. */
  private String followOnce() throws IOException {
    Process p = new ProcessBuilder(command()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    process = p;
    StringBuilder stderr = new StringBuilder();
    Thread errors = new Thread(() -> lastLine(p.getErrorStream(), stderr), "journalctl stderr");
    errors.setDaemon(true);
    errors.start();
    if (!running) {
      p.destroy(); // stop() came while starting
    }
    LineSplitter splitter = new LineSplitter(new Entries(), MAX_ENTRY_BYTES);
    byte[] buf = new byte[1 << 16];
    if (!reportedOnce) {
      report(); // the position to start from, so that the daemon knows this source is up
    }
    try (InputStream in = p.getInputStream()) {
      while (true) {
        if (in.available() == 0 && p.isAlive()) {
          // quiet: say so, and look again shortly (a blocking read would not come back to say it again)
          listener.caughtUp();
          if (!sleep(QUIET_POLL_MILLIS)) {
            break;
          }
          continue;
        }
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        splitter.feed(buf, 0, n);
        report();
      }
    }
    int code;
    try {
      code = p.waitFor(2, TimeUnit.SECONDS) ? p.exitValue() : -1;
      errors.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    } finally {
      process = null;
    }
    synchronized (stderr) {
      return "journalctl ended (exit code " + code + ")" + (stderr.length() > 0 ? ": " + stderr : "");
    }
  }

  private final class Entries implements LineSink {
    @Override
    public void line(byte[] buf, int start, int end) {
      if (!entry.parse(buf, start, end)) {
        listener.line(buf, start, end); // not an entry: counted as a line mailstat cannot read
        return;
      }
      if (entry.cursor != null) {
        cursor = entry.cursor;
      }
      if (!line.wanted(entry)) {
        return;
      }
      if (!settings.trust().trusts(entry)) {
        untrusted.skipped(entry);
        return;
      }
      line.format(entry);
      if (line.length() > LineSplitter.DEFAULT_MAX_LINE_BYTES) {
        listener.overlongLine(); // capped like a line of every other source
      } else {
        listener.line(line.buffer(), 0, line.length());
      }
    }

    @Override
    public void overlongLine() {
      listener.overlongLine();
    }
  }

  private void report() {
    if (!reportedOnce || !java.util.Objects.equals(cursor, reportedCursor)) {
      listener.reached(SourcePosition.ofCursor(cursor));
      reportedCursor = cursor;
      reportedOnce = true;
    }
  }

  private static void lastLine(InputStream err, StringBuilder last) {
    try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(err, StandardCharsets.UTF_8))) {
      String s;
      while ((s = reader.readLine()) != null) {
        if (!s.isBlank()) {
          synchronized (last) {
            last.setLength(0);
            last.append(s, 0, Math.min(s.length(), MAX_STDERR_CHARS));
          }
        }
      }
    } catch (IOException e) {
      // the process is gone; what was read is what there is
    }
  }

  private void pause() {
    long deadline = System.nanoTime() + settings.restartDelay().toNanos();
    synchronized (sleeper) {
      long left;
      while (running && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(sleeper, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
    Process p = process;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
  }
}
