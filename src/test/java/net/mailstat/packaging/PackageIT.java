package net.mailstat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.testing.LoopbackPorts;
import net.mailstat.testing.Poll;
import net.mailstat.testing.TrafficLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Debian package that {@code mvn package} leaves in target/, checked with lintian, installed
 * system-wide with dpkg, run as its own user through its unit's command line and its SysV script,
 * upgraded, and purged. Needs root (CI runs as root). The machine is shared: the package is purged
 * after the last test whatever happened, and every daemon a test starts is stopped by its PID.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageIT {
  private static final String RECEIVED_OID = ".1.3.6.1.4.1.8072.9999.9999.7025.1.1.2.0";
  private static final String EXT_OUTPUT_OID = ".1.3.6.1.4.1.2021.8.1.101.1";
  private static final List<String> UNITS = List.of("mailstat.service", "mailstat@.service", "mailstat-agent.service");
  /** Where the package puts or makes things; compared before the install and after the purge. */
  private static final List<String> WATCHED = List.of("/etc", "/lib/systemd", "/usr/bin", "/usr/share", "/var/lib",
      "/var/log", "/var/tmp", "/run");

  private static Path deb;
  private static Path work;
  private static Set<String> mailstatPathsBefore;

  @BeforeAll
  static void install() throws Exception {
    assertThat(Sh.run("id", "-u").out().strip()).as("PackageIT installs a package system-wide: run it as root")
        .isEqualTo("0");
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> debs = files.filter(f -> f.getFileName().toString().matches("mailstat_.*_all\\.deb")).toList();
      assertThat(debs).as("mvn package leaves exactly one target/mailstat_VERSION_all.deb").hasSize(1);
      deb = debs.get(0).toAbsolutePath();
    }
    purgeIfInstalled();
    mailstatPathsBefore = mailstatPaths();
    work = Files.createTempDirectory("mailstat-package-it");
    Sh ok = Sh.run("dpkg", "-i", deb.toString());
    assertThat(ok.exitCode()).as("dpkg -i: %s", ok).isZero();
  }

  @AfterAll
  static void purge() throws Exception {
    try {
      purgeIfInstalled();
    } finally {
      if (work != null) {
        Sh.run("rm", "-rf", work.toString());
      }
    }
  }

  @Test
  @Order(1)
  void lintianFindsNoErrors() throws Exception {
    Sh lintian = Sh.run("lintian", "--fail-on", "error", deb.toString());
    assertThat(lintian.exitCode()).as("lintian: %s", lintian).isZero();
    assertThat(lintian.lines()).noneMatch(l -> l.startsWith("E: "));
  }

  @Test
  @Order(2)
  void installsTheLauncherTheUserAndTightStateDirectories() throws Exception {
    Sh version = Sh.run("/usr/bin/mailstat", "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out().strip()).isEqualTo("mailstat " + Sh.run("dpkg-deb", "-f", deb.toString(), "Version").out().strip());
    assertThat(Sh.run("id", "-nG", "mailstat").out().split("\\s+")).contains("mailstat", "adm");
    if (Sh.run("getent", "group", "postdrop").exitCode() == 0) {
      assertThat(Sh.run("id", "-nG", "mailstat").out().split("\\s+")).as("postqueue -j under NoNewPrivileges")
          .contains("postdrop");
    }
    assertThat(Sh.run("getent", "passwd", "mailstat").out()).contains(":/var/lib/mailstat:/usr/sbin/nologin");
    assertThat(Sh.run("stat", "-c", "%U:%G %a", "/var/lib/mailstat", "/var/lib/mailstat/rrd", "/var/log/mailstat").lines())
        .containsExactly("mailstat:mailstat 750", "mailstat:mailstat 750", "mailstat:adm 750");
    assertThat(Sh.run("stat", "-c", "%U:%G %a", "/etc/mailstat/agent.conf").out().strip()).isEqualTo("root:mailstat 640");
    assertThat(Sh.run("dpkg-query", "--control-show", "mailstat", "conffiles").lines())
        .contains("/etc/mailstat/mailstat.conf", "/etc/mailstat/mail.conf", "/etc/mailstat/virus.conf",
            "/etc/mailstat/agent.conf", "/etc/init.d/mailstat", "/etc/default/mailstat");
    for (String file : List.of("/usr/share/mailstat/mibs/MAILSTAT-MIB.txt", "/usr/share/mailstat/mibs/MAILSTAT-NAMES.txt",
        "/usr/share/mailstat/cacti-templates/cacti_host_template_mail_server_mailstat.xml",
        "/usr/share/mailstat/cacti-templates/resource/snmp_queries/mailstat_hosts.xml",
        "/usr/share/mailstat/cacti-templates/resource/snmp_queries/mailstat_details.xml",
        "/usr/share/mailstat/cacti-templates/resource/snmp_queries/mailstat_queues.xml",
        "/usr/share/mailstat/cacti-templates/resource/snmp_queries/mailstat_delays.xml")) {
      assertThat(Path.of(file)).isRegularFile();
    }
    // The mailgraph drop-in finds the installed mailstat through a link, as from /usr/sbin/mailgraph.
    Path link = Files.createTempDirectory("mailgraph-dropin").resolve("mailgraph");
    Files.createSymbolicLink(link, Path.of("/usr/share/mailstat/mailgraph"));
    Sh dropIn = Sh.run(link.toString(), "--version");
    assertThat(dropIn.exitCode()).as(dropIn.toString()).isZero();
    assertThat(dropIn.out().strip()).isEqualTo(version.out().strip());
    Files.delete(link);
    Files.delete(link.getParent());
  }

  @Test
  @Order(3)
  void everyUnitPassesSystemdAnalyzeVerify() throws Exception {
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
    command.addAll(List.of("/lib/systemd/system/mailstat.service", "/lib/systemd/system/mailstat-agent.service",
        "/lib/systemd/system/mailstat@mail.service", "/lib/systemd/system/mailstat@virus.service"));
    Sh verify = Sh.run(command);
    assertThat(verify.exitCode()).as("%s", verify).isZero();
    assertThat(verify.out() + verify.err()).isEmpty();
  }

  @Test
  @Order(4)
  void unitsRunHardenedAsTheMailstatUser() throws Exception {
    for (String unit : UNITS) {
      UnitFile file = UnitFile.read(Path.of("/lib/systemd/system", unit));
      assertThat(file.values("User")).as(unit).containsExactly("mailstat");
      assertThat(file.values("ProtectSystem")).as(unit).containsExactly("strict");
      assertThat(file.values("NoNewPrivileges")).as(unit).containsExactly("yes");
      assertThat(file.values("CapabilityBoundingSet")).as(unit).containsExactly("");
      assertThat(file.values("AmbientCapabilities")).as(unit).containsExactly("");
      assertThat(file.values("Restart")).as(unit).containsExactly("on-failure");
      assertThat(file.values("PrivateTmp")).as("%s: /var/tmp/mailstat must stay visible", unit).containsExactly("no");
      Sh security = Sh.run("systemd-analyze", "security", "--offline=true",
          "/lib/systemd/system/" + unit.replace("@.", "@mail."));
      assertThat(security.lines()).as("%s", security)
          .anyMatch(l -> l.matches("→ Overall exposure level for .*: [0-2]\\.\\d .*"));
    }
    for (String unit : List.of("mailstat.service", "mailstat@.service")) {
      UnitFile file = UnitFile.read(Path.of("/lib/systemd/system", unit));
      assertThat(file.values("StateDirectory")).as(unit).containsExactly("mailstat mailstat/rrd");
      assertThat(file.values("ReadWritePaths")).as("%s: the stat file is replaced by rename in /var/tmp", unit)
          .containsExactly("/var/tmp");
    }
    assertThat(UnitFile.read(Path.of("/lib/systemd/system/mailstat-agent.service")).values("ReadWritePaths")).isEmpty();
  }

  @Test
  @Order(5)
  void theAllInOneUnitsCommandLineCountsATestLogAsTheMailstatUserAndServesItOverSnmp() throws Exception {
    Path dir = mailstatOwnedDirectory("unit");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 7);
    log.append(40);
    int snmpPort = LoopbackPorts.freeUdpPort();
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=mailstat", "--regid=mailstat", "--init-groups", "--"));
    command.addAll(UnitFile.read(Path.of("/lib/systemd/system/mailstat.service")).execStart());
    command.addAll(List.of("--log", log.file().toString(), "--stat-file", dir.resolve("mailstat").toString(),
        "--state-dir", dir.resolve("state").toString(), "--rrd-dir", dir.resolve("rrd").toString(),
        "--snmp=udp:127.0.0.1/" + snmpPort, "--web=127.0.0.1:" + LoopbackPorts.freeTcpPort()));
    assertThat(command).contains("/usr/bin/mailstat", "run", "--config", "/etc/mailstat/mailstat.conf");
    Process run = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("run.out").toFile()).start();
    try {
      long expected = log.expected().get(Category.RECEIVED);
      assertThat(Poll.until(Duration.ofSeconds(60),
          () -> snmpget(snmpPort, RECEIVED_OID).endsWith("Counter64: " + expected)))
          .as("received over SNMP: %s; expected %d; the daemon said: %s", snmpget(snmpPort, RECEIVED_OID), expected,
              readQuietly(dir.resolve("run.out")))
          .isTrue();
      assertThat(Sh.run("stat", "-c", "%U", dir.resolve("mailstat").toString()).out().strip()).isEqualTo("mailstat");
    } finally {
      stop(run);
    }
  }

  @Test
  @Order(6)
  void theSysvScriptStartsReportsRestartsAndStopsARealDaemon() throws Exception {
    Path dir = mailstatOwnedDirectory("sysv");
    TrafficLog log = new TrafficLog(dir.resolve("mail.log"), 11);
    log.append(30);
    int snmpPort = LoopbackPorts.freeUdpPort();
    Path conf = Path.of("/etc/mailstat/pkgit.conf");
    Files.writeString(conf, String.join("\n",
        "stat-file = /var/lib/mailstat/pkgit-stat",
        "[run]",
        "log = " + log.file(),
        "backfill = true",
        "snmp = udp:127.0.0.1/" + snmpPort,
        "web = 127.0.0.1:" + LoopbackPorts.freeTcpPort(),
        ""));
    Path defaults = Path.of("/etc/default/mailstat");
    String packaged = Files.readString(defaults);
    Files.writeString(defaults, packaged.replaceFirst("(?m)^MAILSTAT_INSTANCES=.*$", "MAILSTAT_INSTANCES=\"pkgit\""));
    Path pidFile = Path.of("/run/mailstat/pkgit.pid");
    try {
      assertThat(Sh.run("/etc/init.d/mailstat", "status").exitCode()).as("status before start").isEqualTo(3);
      Sh start = Sh.run("/etc/init.d/mailstat", "start");
      assertThat(start.exitCode()).as("%s", start).isZero();
      long first = Long.parseLong(Files.readString(pidFile).strip());
      assertThat(Sh.run("ps", "-o", "user=", "-p", Long.toString(first)).out().strip()).isEqualTo("mailstat");
      CounterSnapshot expected = log.expected();
      assertThat(Poll.until(Duration.ofSeconds(60),
          () -> snmpget(snmpPort, RECEIVED_OID).endsWith("Counter64: " + expected.get(Category.RECEIVED))))
          .as("%s; log: %s", snmpget(snmpPort, RECEIVED_OID), readQuietly(Path.of("/var/log/mailstat/pkgit.log")))
          .isTrue();
      Sh status = Sh.run("/etc/init.d/mailstat", "status");
      assertThat(status.exitCode()).isZero();
      assertThat(status.out()).contains("running (pid " + first + ")");

      Sh restart = Sh.run("/etc/init.d/mailstat", "restart");
      assertThat(restart.exitCode()).as("%s", restart).isZero();
      long second = Long.parseLong(Files.readString(pidFile).strip());
      assertThat(second).isNotEqualTo(first);
      assertThat(ProcessHandle.of(first)).isEmpty();
      log.append(5);
      CounterSnapshot more = log.expected();
      assertThat(Poll.until(Duration.ofSeconds(60),
          () -> snmpget(snmpPort, RECEIVED_OID).endsWith("Counter64: " + more.get(Category.RECEIVED))))
          .as("after restart: %s, expected %d", snmpget(snmpPort, RECEIVED_OID), more.get(Category.RECEIVED)).isTrue();

      Sh stop = Sh.run("/etc/init.d/mailstat", "stop");
      assertThat(stop.exitCode()).as("%s", stop).isZero();
      assertThat(ProcessHandle.of(second)).isEmpty();
      assertThat(pidFile).doesNotExist();
      assertThat(Sh.run("/etc/init.d/mailstat", "status").exitCode()).isEqualTo(3);
      assertThat(Sh.run("/etc/init.d/mailstat", "stop").exitCode()).as("stopping a stopped daemon").isZero();
      assertThat(Sh.run("/etc/init.d/mailstat", "frobnicate").exitCode()).isEqualTo(2);

      String counters = Files.readString(Path.of("/var/lib/mailstat/pkgit-stat"));
      List<String> checkpoints = checkpointsIn(Path.of("/var/lib/mailstat"));
      assertThat(checkpoints).isNotEmpty();
      Sh upgrade = Sh.run("dpkg", "-i", deb.toString());
      assertThat(upgrade.exitCode()).as("reinstall (the upgrade path): %s", upgrade).isZero();
      assertThat(Files.readString(Path.of("/var/lib/mailstat/pkgit-stat"))).as("counters after upgrade").isEqualTo(counters);
      assertThat(checkpointsIn(Path.of("/var/lib/mailstat"))).as("checkpoints after upgrade").isEqualTo(checkpoints);
      assertThat(Files.readString(defaults)).as("an edited conffile survives the upgrade").contains("MAILSTAT_INSTANCES=\"pkgit\"");
    } finally {
      Sh.run("/etc/init.d/mailstat", "stop");
      killIfAlive(pidFile);
      Files.deleteIfExists(conf);
      Files.writeString(defaults, packaged);
    }
  }

  @Test
  @Order(7)
  void everyCommandHasAManPageThatRenders() throws Exception {
    List<String> pages;
    try (Stream<Path> files = Files.list(Path.of("/usr/share/man/man1"))) {
      pages = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("mailstat")).sorted().toList();
    }
    assertThat(pages).contains("mailstat.1.gz", "mailstat-run.1.gz", "mailstat-agent.1.gz", "mailstat-check.1.gz",
        "mailstat-rrd-import.1.gz", "mailstat-config-check.1.gz");
    for (String page : pages) {
      String name = page.replace(".1.gz", "");
      Sh man = Sh.env("MANWIDTH", "100").run("man", "-l", "/usr/share/man/man1/" + page);
      assertThat(man.exitCode()).as(page).isZero();
      assertThat(man.out()).as(page).contains("NAME").contains(name + " - ").contains("SYNOPSIS");
      Sh warnings = Sh.env("MANWIDTH", "100").run("man", "--warnings", "-l", "/usr/share/man/man1/" + page);
      assertThat(warnings.err()).as("%s: groff warnings", page).isEmpty();
    }
    assertThat(Sh.env("MANWIDTH", "100").run("man", "-l", "/usr/share/man/man1/mailstat-run.1.gz").out())
        .contains("--log=FILE").contains("--only=WHICH");
  }

  @Test
  @Order(8)
  void bashCompletesCommandsAndOptions() throws Exception {
    String completion = "source /usr/share/bash-completion/completions/mailstat;"
        + " COMP_WORDS=($WORDS); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_LINE=\"$WORDS\"; COMP_POINT=${#COMP_LINE};"
        + " _complete_mailstat; printf '%s\\n' \"${COMPREPLY[@]}\"";
    assertThat(Sh.env("WORDS", "mailstat r").run("bash", "-c", completion).lines()).contains("run", "rrd");
    assertThat(Sh.env("WORDS", "mailstat run --on").run("bash", "-c", completion).lines()).contains("--only");
  }

  @Test
  @Order(9)
  void purgeRemovesWhatThePackageMadeAndTheUser() throws Exception {
    Sh purge = Sh.run("dpkg", "--purge", "mailstat");
    assertThat(purge.exitCode()).as("%s", purge).isZero();
    assertThat(Sh.run("getent", "passwd", "mailstat").exitCode()).isNotZero();
    assertThat(Sh.run("getent", "group", "mailstat").exitCode()).isNotZero();
    assertThat(Sh.run("dpkg-statoverride", "--list").out()).doesNotContain("mailstat");
    for (String path : List.of("/etc/mailstat", "/var/lib/mailstat", "/var/log/mailstat", "/run/mailstat",
        "/etc/init.d/mailstat", "/etc/default/mailstat", "/usr/bin/mailstat", "/usr/share/mailstat",
        "/etc/systemd/system/multi-user.target.wants/mailstat.service")) {
      assertThat(Path.of(path)).as(path).doesNotExist();
    }
    Set<String> left = mailstatPaths();
    left.removeAll(mailstatPathsBefore);
    assertThat(left).as("paths named mailstat that the package left behind").isEmpty();
  }

  @Test
  @Order(10)
  void aDestdirInstallOfScriptsInstallListsTheSameFilesAsThePackage() throws Exception {
    Path usr = work.resolve("destdir-usr");
    Sh install = Sh.run("scripts/install", "DESTDIR=" + usr, "PREFIX=/usr");
    assertThat(install.exitCode()).as("%s", install).isZero();
    assertThat(filesUnder(usr)).isEqualTo(filesInDeb()).contains("usr/bin/mailstat", "etc/init.d/mailstat",
        "lib/systemd/system/mailstat@.service");

    Path local = work.resolve("destdir-local");
    assertThat(Sh.run("scripts/install", "DESTDIR=" + local).exitCode()).isZero();
    assertThat(filesUnder(local)).contains("usr/local/bin/mailstat", "usr/local/share/mailstat/mailstat.jar",
        "usr/local/lib/systemd/system/mailstat.service", "etc/mailstat/mailstat.conf");
    assertThat(UnitFile.read(local.resolve("usr/local/lib/systemd/system/mailstat.service")).execStart())
        .startsWith("/usr/local/bin/mailstat", "run");
    Sh version = Sh.run(local.resolve("usr/local/bin/mailstat").toString(), "--version");
    assertThat(version.out()).as("%s", version).startsWith("mailstat ");
    assertThat(Sh.run("scripts/install", "PREFIX=relative").exitCode()).isEqualTo(2);
  }

  private static Set<String> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> filesInDeb() throws Exception {
    Sh list = Sh.run("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -t", deb.toString());
    assertThat(list.exitCode()).as("%s", list).isZero();
    return list.lines().stream().filter(l -> !l.endsWith("/")).map(l -> l.replaceFirst("^\\./", ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every path under the watched directories whose name contains "mailstat". */
  private static Set<String> mailstatPaths() throws Exception {
    List<String> command = new ArrayList<>(List.of("find"));
    command.addAll(WATCHED);
    command.addAll(List.of("-xdev", "-name", "*mailstat*"));
    return new TreeSet<>(Sh.run(command).lines());
  }

  private static void purgeIfInstalled() throws Exception {
    if (Sh.run("dpkg-query", "-W", "-f=${Status}", "mailstat").out().contains("installed")
        || Sh.run("dpkg-query", "-W", "-f=${Status}", "mailstat").out().contains("config-files")) {
      Sh.run("/etc/init.d/mailstat", "stop");
      Sh purge = Sh.run("dpkg", "--purge", "mailstat");
      assertThat(purge.exitCode()).as("dpkg --purge mailstat: %s", purge).isZero();
    }
  }

  private static Path mailstatOwnedDirectory(String name) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    Sh.run("chmod", "0755", work.toString());
    assertThat(Sh.run("chown", "mailstat:mailstat", dir.toString()).exitCode()).isZero();
    return dir;
  }

  private static List<String> checkpointsIn(Path dir) throws IOException {
    List<String> contents = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().contains(".checkpoint")).sorted().toList()) {
        contents.add(f.getFileName() + "\n" + Files.readString(f));
      }
    }
    return contents;
  }

  private static String snmpget(int port, String oid) {
    try {
      return Sh.run("snmpget", "-m", "", "-On", "-t", "1", "-r", "0", "-v2c", "-c", "public", "127.0.0.1:" + port, oid)
          .out().strip();
    } catch (IOException | InterruptedException e) {
      return e.toString();
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private static void killIfAlive(Path pidFile) throws IOException {
    if (Files.exists(pidFile)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }


}
