package net.mailstat.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Postfix of its own, started as root: config, queue and data directories under one
 * directory, Debian's stock services without the SMTP listener (pickup takes mail from
 * {@code sendmail -C}), and a relay host on
 * a closed loopback port, so every message it is given stays in the deferred queue. Stopped with
 * {@code postfix stop} and then, whatever is left, by the master's PID.
 */
public final class PrivatePostfix implements AutoCloseable {
  /** The services of Debian's stock master.cf, which this instance edits with postconf. */
  private static final Path STOCK_MASTER_CF = Path.of("/etc/postfix/master.cf.proto");

  private final Path root;
  private final Path config;
  private final Path queue;
  private long masterPid = -1;

  private PrivatePostfix(Path root) {
    this.root = root;
    this.config = root.resolve("etc");
    this.queue = root.resolve("spool");
  }

  /** Configures and starts an instance under {@code root}, relaying to 127.0.0.1:{@code closedPort}. */
  public static PrivatePostfix start(Path root, int closedPort) throws IOException, InterruptedException {
    PrivatePostfix p = new PrivatePostfix(root);
    // Postfix's own users must reach the queue and data directories below root.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(p.config);
    Files.createDirectories(p.queue);
    Path data = Files.createDirectories(root.resolve("data"));
    UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(data, users.lookupPrincipalByName("postfix"));
    Files.writeString(p.config.resolve("main.cf"), String.join("\n",
        "compatibility_level = 3.6",
        "queue_directory = " + p.queue,
        "data_directory = " + data,
        "myhostname = queue-it.test",
        "mydomain = queue-it.test",
        "myorigin = queue-it.test",
        "mydestination =",
        "inet_interfaces = loopback-only",
        "inet_protocols = ipv4",
        "relayhost = [127.0.0.1]:" + closedPort,
        "smtp_dns_support_level = disabled",
        "alias_maps =",
        "alias_database =",
        "maillog_file_prefixes = " + root,
        "maillog_file = " + p.maillog(),
        ""));
    Files.copy(STOCK_MASTER_CF, p.config.resolve("master.cf"));
    // no SMTP listener, and no chroot: the chroot would need its own copy of /etc
    p.postconf("-MX", "smtp/inet");
    p.postconf("-F", "*/*/chroot = n");
    p.postfix("start");
    Path pid = p.queue.resolve("pid/master.pid");
    if (!Poll.until(Duration.ofSeconds(30), () -> Files.exists(p.queue.resolve("public/pickup"))
        && Files.exists(pid))) {
      throw new IOException("Postfix under " + root + " did not start:\n" + p.log());
    }
    p.masterPid = Long.parseLong(Files.readString(pid).strip());
    return p;
  }

  /** The instance's configuration directory, for {@code postqueue -c}. */
  public Path configDirectory() {
    return config;
  }

  public Path maillog() {
    return root.resolve("maillog");
  }

  /** Postfix's own log of this instance, for failure messages. */
  public String log() {
    try {
      return Files.exists(maillog()) ? Files.readString(maillog()) : "(no maillog)";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Queues a message of {@code bodyBytes} bytes of body from {@code sender} to {@code recipient} through sendmail. */
  public void send(String sender, String recipient, int bodyBytes) throws IOException, InterruptedException {
    String message = "Subject: queue gauge test\n\n" + "x".repeat(Math.max(0, bodyBytes - 1)) + "\n";
    run(message, "/usr/sbin/sendmail", "-C", config.toString(), "-f", sender, recipient);
  }

  /** postqueue's own JSON listing (run as root), for the test to compare with. */
  public String postqueueJson() throws IOException, InterruptedException {
    return run(null, "/usr/sbin/postqueue", "-c", config.toString(), "-j");
  }

  /** postqueue's sendmail-style listing ({@code mailq}). */
  public String mailq() throws IOException, InterruptedException {
    return run(null, "/usr/sbin/postqueue", "-c", config.toString(), "-p");
  }

  /** Puts the message {@code queueId} on hold. */
  public void hold(String queueId) throws IOException, InterruptedException {
    run(null, "/usr/sbin/postsuper", "-c", config.toString(), "-h", queueId);
  }

  /** Takes pickup out of master.cf, so that mail given to sendmail from now on stays in maildrop. */
  public void stopPickup() throws IOException, InterruptedException {
    postconf("-M#", "pickup/unix");
    postfix("reload");
  }

  /** {@code postfix stop}, waiting for the master to end. */
  public void stop() throws IOException, InterruptedException {
    postfix("stop");
    if (!Poll.until(Duration.ofSeconds(30), () -> ProcessHandle.of(masterPid).isEmpty())) {
      throw new IOException("Postfix master " + masterPid + " still running after postfix stop");
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (masterPid < 0 || ProcessHandle.of(masterPid).isEmpty()) {
      return;
    }
    try {
      postfix("stop");
    } catch (IOException e) {
      // the master is ended by PID below
    }
    ProcessHandle.of(masterPid).ifPresent(master -> {
      master.descendants().forEach(ProcessHandle::destroyForcibly);
      master.destroyForcibly();
    });
  }

  private void postconf(String... arguments) throws IOException, InterruptedException {
    String[] command = new String[arguments.length + 3];
    command[0] = "/usr/sbin/postconf";
    command[1] = "-c";
    command[2] = config.toString();
    System.arraycopy(arguments, 0, command, 3, arguments.length);
    run(null, command);
  }

  private void postfix(String command) throws IOException, InterruptedException {
    run(null, "/usr/sbin/postfix", "-c", config.toString(), command);
  }

  private String run(String input, String... command) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(command);
    if (input == null) {
      b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p = b.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    if (input != null) {
      try (var in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = readAll(p.getInputStream());
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + err.join() + "\n" + log());
    }
    return out;
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public String toString() {
    return "Postfix under " + root;
  }
}
