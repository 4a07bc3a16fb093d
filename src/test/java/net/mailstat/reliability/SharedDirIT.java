package net.mailstat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import net.mailstat.testing.MailstatJar;
import net.mailstat.testing.Poll;
import net.mailstat.testing.StatFiles;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second local user, created for the test, prepares every name next to the stat file in a
 * shared sticky directory (as {@code /var/tmp} is) before mailstat starts there as root: a regular
 * file with forged counts, a symbolic link to a file outside the directory, or a FIFO. mailstat
 * must refuse each with one clear line, in bounded time, writing nothing through the link and
 * publishing nothing forged. With the stat file in a private directory and the classic line
 * published to the shared one ({@code --classic-file}), counting goes on and the neighbour's file
 * is left alone. Needs root (useradd, runuser), as the suite has.
 */
class SharedDirIT {
  private static final List<String> NAMES =
      List.of("mailstat", "mailstat.lock", "mailstat.owners", "mailstat.good", "mailstat.hosts");
  private static final String FORGED = "sent:999999 received:999999 bounced:0 rejected:0 virus:0 spam:0\n";
  private static final Duration BOUND = Duration.ofSeconds(30);

  private enum Kind {
    FILE("is owned by uid"),
    SYMLINK("is a symbolic link"),
    FIFO("is a FIFO");

    final String said;

    Kind(String said) {
      this.said = said;
    }
  }

  @TempDir Path base;
  private String user;
  private Path shared;
  private Path privateDir;
  private Path outside;
  private FileTime outsideModified;

  @BeforeEach
  void createNeighbour() throws Exception {
    user = "mstest" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
    sh("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
    sh("chmod", "755", base.toString());
    shared = Files.createDirectory(base.resolve("shared"));
    sh("chmod", "1777", shared.toString());
    privateDir = Files.createDirectory(base.resolve("private"));
    outside = Files.writeString(base.resolve("outside"), "untouched\n");
    outsideModified = Files.getLastModifiedTime(outside);
  }

  @AfterEach
  void removeNeighbour() throws Exception {
    sh("userdel", user);
  }

  @Test
  void everyPreparedNameNextToTheStatFileIsRefusedWithOneClearLine() throws Exception {
    TrafficLog log = new TrafficLog(privateDir.resolve("mail.log"), 21);
    log.append(5);
    long slowestMillis = 0;
    int refused = 0;
    int run = 0;
    for (Kind kind : Kind.values()) {
      for (String name : NAMES) {
        clearShared();
        Path prepared = shared.resolve(name);
        prepare(kind, prepared);
        long startNanos = System.nanoTime();
        MailstatJar.Result result = MailstatJar.run(BOUND, "run", "--no-snmp", "--no-rrd", "--no-web",
            "--log", log.file().toString(), "--stat-file", shared.resolve("mailstat").toString(),
            "--state-dir", privateDir.resolve("state-" + run++).toString(), "--backfill");
        slowestMillis = Math.max(slowestMillis, (System.nanoTime() - startNanos) / 1_000_000);
        String what = kind + " " + name;
        assertThat(result.exitCode()).as("%s: %s", what, result.stderr()).isEqualTo(1);
        List<String> lines = result.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(what).hasSize(1);
        assertThat(lines.get(0)).as(what).startsWith("mailstat: " + prepared + " " + kind.said);
        assertUnchanged(kind, prepared);
        assertThat(filesNotOwnedByNeighbour()).as("%s: mailstat wrote into the shared directory", what).isEmpty();
        refused++;
      }
    }
    System.out.printf("SharedDirIT: %d of %d prepared names refused with one line; slowest run %d ms (bound %d s);"
        + " outside file untouched; nothing written to the shared directory%n", refused, NAMES.size() * 3,
        slowestMillis, BOUND.toSeconds());
  }

  @Test
  void theClassicLineIsNeverWrittenOverANeighboursFileAndCountingGoesOn() throws Exception {
    long slowestMillis = 0;
    for (Kind kind : Kind.values()) {
      clearShared();
      Path classic = shared.resolve("mailstat");
      prepare(kind, classic);
      Path statFile = privateDir.resolve("mailstat-" + kind);
      TrafficLog log = new TrafficLog(privateDir.resolve("mail-" + kind + ".log"), 22);
      log.append(10);
      Path out = privateDir.resolve("run-" + kind + ".out");
      long startNanos = System.nanoTime();
      Process p = MailstatJar.start(out, "run", "--no-snmp", "--no-rrd", "--no-web", "--log", log.file().toString(),
          "--stat-file", statFile.toString(), "--state-dir", privateDir.resolve("state-" + kind).toString(),
          "--backfill", "--classic-file", classic.toString(), "--commit-interval", "50");
      try {
        assertThat(Poll.until(BOUND, () -> log.expected().equals(StatFiles.counts(statFile))))
            .as("%s: counted %s: %s", kind, StatFiles.counts(statFile), read(out)).isTrue();
        slowestMillis = Math.max(slowestMillis, (System.nanoTime() - startNanos) / 1_000_000);
        log.append(5);
        assertThat(Poll.until(BOUND, () -> log.expected().equals(StatFiles.counts(statFile)))).isTrue();
      } finally {
        p.destroy();
        p.waitFor();
      }
      List<String> errors = read(out).lines().filter(l -> l.contains("cannot publish the classic stat line")).toList();
      assertThat(errors).as("%s: %s", kind, read(out)).hasSize(1);
      assertThat(errors.get(0)).contains(classic + " " + kind.said);
      assertUnchanged(kind, classic);
      assertThat(filesNotOwnedByNeighbour()).as(kind.toString()).isEmpty();
    }
    clearShared();
    Path classic = shared.resolve("mailstat");
    Path statFile = privateDir.resolve("mailstat-free");
    TrafficLog log = new TrafficLog(privateDir.resolve("mail-free.log"), 23);
    log.append(10);
    Process p = MailstatJar.start(privateDir.resolve("run-free.out"), "run", "--no-snmp", "--no-rrd", "--no-web",
        "--log", log.file().toString(), "--stat-file", statFile.toString(), "--state-dir",
        privateDir.resolve("state-free").toString(), "--backfill", "--classic-file", classic.toString());
    try {
      assertThat(Poll.until(BOUND, () -> log.expected().equals(StatFiles.counts(classic)))).isTrue();
      assertThat(Files.readString(classic)).isEqualTo(Files.readString(statFile));
    } finally {
      p.destroy();
      p.waitFor();
    }
    System.out.printf("SharedDirIT: classic line refused over a neighbour's file, link and FIFO (one line each),"
        + " counting went on, slowest first count %d ms; published when the name was free%n", slowestMillis);
  }

  private void prepare(Kind kind, Path path) throws Exception {
    switch (kind) {
      case FILE -> sh("runuser", "-u", user, "--", "sh", "-c", "printf '" + FORGED.strip() + "\\n' > " + path);
      case SYMLINK -> sh("runuser", "-u", user, "--", "ln", "-s", outside.toString(), path.toString());
      case FIFO -> sh("runuser", "-u", user, "--", "mkfifo", path.toString());
    }
  }

  private void assertUnchanged(Kind kind, Path prepared) throws IOException {
    assertThat(Files.readString(outside)).isEqualTo("untouched\n");
    assertThat(Files.getLastModifiedTime(outside)).isEqualTo(outsideModified);
    switch (kind) {
      case FILE -> assertThat(Files.readString(prepared)).isEqualTo(FORGED);
      case SYMLINK -> assertThat(Files.readSymbolicLink(prepared)).isEqualTo(outside);
      case FIFO -> assertThat((Integer) Files.getAttribute(prepared, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
          .isEqualTo(0010000);
    }
  }

  private List<Path> filesNotOwnedByNeighbour() throws IOException {
    List<Path> foreign = new ArrayList<>();
    try (var files = Files.list(shared)) {
      for (Path f : files.toList()) {
        if (!Files.getOwner(f, LinkOption.NOFOLLOW_LINKS).getName().equals(user)) {
          foreign.add(f);
        }
      }
    }
    return foreign;
  }

  private void clearShared() throws IOException {
    try (var files = Files.list(shared)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("%s: %s", String.join(" ", cmd), output).isZero();
  }
}
