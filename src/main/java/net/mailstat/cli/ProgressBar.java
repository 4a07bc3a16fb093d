package net.mailstat.cli;

import java.io.PrintWriter;
import net.mailstat.daemon.CatchUpProgress;

/** Draws history-reading progress on a terminal, one line redrawn per source: "[#####.....] 52%". */
final class ProgressBar implements CatchUpProgress {
  private static final int WIDTH = 30;

  private final PrintWriter err;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  /** A bar when stderr is a terminal, nothing otherwise (logs and pipes get no control codes). */
  static CatchUpProgress forTerminal(PrintWriter err) {
    return System.console() != null ? new ProgressBar(err) : CatchUpProgress.NONE;
  }

  @Override
  public synchronized void progress(String sourceId, long done, long total) {
    int percent = total <= 0 ? 100 : (int) (100 * done / total);
    int filled = WIDTH * percent / 100;
    err.printf("\rbackfill %s [%s%s] %3d%% (%d of %d MB)%s", sourceId, "#".repeat(filled),
        ".".repeat(WIDTH - filled), percent, done >> 20, total >> 20, done >= total ? "\n" : "");
    err.flush();
  }
}
