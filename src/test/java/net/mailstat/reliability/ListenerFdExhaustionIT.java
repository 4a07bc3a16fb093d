package net.mailstat.reliability;

import static net.mailstat.reliability.ListenerProcess.ascii;
import static net.mailstat.reliability.ListenerProcess.reject;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.mailstat.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener under {@code ulimit -n} exhaustion recovers by itself: the real jar's {@code run
 * --listen} runs under {@code prlimit --nofile=64}; connections are opened until its accept() fails
 * with EMFILE (the kernel still completes them into the backlog), a line is sent on a connection
 * accepted before, then the connections are closed. The listener must accept and count again
 * without a restart, and no line may be lost.
 */
class ListenerFdExhaustionIT {
  private static final int NOFILE = 64;
  private static final int MAX_CONNECTIONS_TRIED = 400;
  private static final String EMFILE = "failed (Too many open files)";

  @TempDir Path dir;

  @Test
  void acceptingOutOfFileDescriptorsPausesAndRecoversByItself() throws Exception {
    List<Socket> flood = new ArrayList<>();
    try (ListenerProcess run = ListenerProcess.start(dir, List.of("prlimit", "--nofile=" + NOFILE + ":" + NOFILE))) {
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), run.tcpPort);
      try (Socket early = new Socket(at.getAddress(), at.getPort())) {
        OutputStream earlyOut = early.getOutputStream();
        earlyOut.write(ascii(reject("early", 0) + "\n"));
        assertThat(run.awaitRejected(1, Duration.ofSeconds(30))).as(run.logText()).isTrue();

        int opened = 0;
        while (!run.logText().contains(EMFILE) && opened < MAX_CONNECTIONS_TRIED) {
          Socket s = new Socket();
          try {
            s.connect(at, 2000);
          } catch (IOException e) {
            s.close(); // the backlog is full too
            break;
          }
          flood.add(s);
          opened++;
          if (opened % 10 == 0) {
            Poll.until(Duration.ofMillis(200), () -> run.logText().contains(EMFILE));
          }
        }
        assertThat(Poll.until(Duration.ofSeconds(10), () -> run.logText().contains(EMFILE)))
            .as("accept() never failed after %d connections; log: %s", opened, run.logText()).isTrue();
        System.out.printf("fd exhaustion: accept() failed with EMFILE after %d connections (RLIMIT_NOFILE %d)%n",
            opened, NOFILE);
        earlyOut.write(ascii(reject("early", 1) + "\n")); // an accepted connection is still read meanwhile
        earlyOut.flush();

        long closedAt = System.nanoTime();
        for (Socket s : flood) {
          s.close();
        }
        flood.clear();
        assertThat(Poll.until(Duration.ofSeconds(30), () -> run.logText().contains("works again")))
            .as("log: %s", run.logText()).isTrue();
        try (Socket late = new Socket(at.getAddress(), at.getPort())) {
          OutputStream out = late.getOutputStream();
          for (int i = 0; i < 10; i++) {
            out.write(ascii(reject("late", i) + "\n"));
          }
        }
        boolean counted = run.awaitRejected(12, Duration.ofSeconds(30));
        System.out.printf("fd exhaustion: accepting and counting again %.0f ms after the connections were closed%n",
            (System.nanoTime() - closedAt) / 1e6);
        assertThat(counted).as("rejects %d of 12; log: %s", run.rejected(), run.logText()).isTrue();
        assertThat(run.alive()).isTrue();
      }
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
  }
}
