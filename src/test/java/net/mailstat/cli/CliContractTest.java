package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: exit codes, one-line errors, --help/--version everywhere, config files. */
class CliContractTest {
  @TempDir Path dir;


  @Test
  void everyCommandHasHelpAndVersion() {
    List<String> commands = new ArrayList<>();
    collect(MailstatCommand.commandLine(new String[0]), commands);
    assertThat(commands).as("the whole command tree").contains("rrd import", "config check", "mailgraph")
        .hasSizeGreaterThan(MailstatCommand.commandNames().size());
    for (String cmd : commands) {
      String[] words = cmd.split(" ");
      Cli.Run help = Cli.mailstat(concat(words, "--help"));
      assertThat(help.exit()).as(cmd).isZero();
      assertThat(help.out()).as(cmd).contains("Usage: mailstat " + cmd);
      Cli.Run version = Cli.mailstat(concat(words, "--version"));
      assertThat(version.exit()).as(cmd).isZero();
      assertThat(version.out()).as(cmd).startsWith("mailstat ");
    }
  }

  /** Every command and subcommand under {@code cli}, as the words that name it. */
  private static void collect(picocli.CommandLine cli, List<String> out) {
    for (picocli.CommandLine sub : cli.getSubcommands().values()) {
      String name = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^mailstat ", "");
      if (!out.contains(name)) {
        out.add(name);
        collect(sub, out);
      }
    }
  }

  private static String[] concat(String[] words, String last) {
    String[] all = java.util.Arrays.copyOf(words, words.length + 1);
    all[words.length] = last;
    return all;
  }

  @Test
  void aMissingFileIsOneLineAndExitOne() {
    Cli.Run r = Cli.mailstat("parse", dir.resolve("nope.log").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("mailstat: cannot read " + dir.resolve("nope.log") + ": no such file");
  }

  @Test
  void aDirectoryIsRefusedClearly() {
    Cli.Run r = Cli.mailstat("parse", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("is a directory").doesNotContain("Exception");
  }

  @Test
  void aDirectoryToFollowIsRefusedBeforeAnythingStarts() {
    Cli.Run r = Cli.mailstat("run", "--no-snmp", "--no-web", "--no-rrd", "--log", dir.toString(), "--stat-file",
        dir.resolve("stat").toString(), "--state-dir", dir.resolve("state").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("mailstat: --log " + dir + ": is a directory (give the log file, or a glob"
        + " like DIR/*.log)");
    assertThat(dir.resolve("stat")).doesNotExist();
  }

  @Test
  void anUnknownCommandNamesTheCommandsAndTheNearestOne() {
    Cli.Run typo = Cli.mailstat("stats");

    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).startsWith("mailstat: unknown command 'stats' (the commands: parse, explain, run, ")
        .contains("Did you mean: mailstat status?").doesNotContain("Unmatched argument");
  }

  @Test
  void theTopLevelHelpSummarisesEveryCommandInWholeSentences() {
    Cli.Run help = Cli.mailstat("--help");
    java.util.regex.Matcher summary = java.util.regex.Pattern
        .compile("(?m)^  (\\w+) +(\\S.*(?:\n {15}\\S.*)*)").matcher(help.out());
    int commands = 0;
    while (summary.find()) {
      commands++;
      assertThat(summary.group(2).strip()).as(summary.group(1)).endsWith(".");
    }
    assertThat(commands).isEqualTo(MailstatCommand.commandNames().size());
  }

  @Test
  void aUsageErrorIsExitTwo() {
    assertThat(Cli.mailstat("parse", "--no-such-option", "x").exit()).isEqualTo(2);
    assertThat(Cli.mailstat("frobnicate").exit()).isEqualTo(2);
    assertThat(Cli.mailstat().exit()).isEqualTo(2);
    Cli.Run badRegex = Cli.mailstat("parse", "--ignore-host=(", dir.toString());
    assertThat(badRegex.exit()).isEqualTo(2);
    assertThat(badRegex.err().strip()).startsWith("mailstat: --ignore-host: bad regular expression '(': ")
        .doesNotContain("\n");
    Cli.Run badRoot = Cli.mailstat("agent", "--stat-file", dir.resolve("mailstat").toString(), "--root=abc");
    assertThat(badRoot.exit()).isEqualTo(2);
    assertThat(badRoot.err()).startsWith("mailstat: --root: root OID 'abc' is not a dotted OID");
    Cli.Run badName = Cli.mailstat("run", "--log", dir.resolve("mail.log").toString(), "--ext-name=");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).startsWith("mailstat: --ext-name: ext name must be 1 to 127 characters");
  }

  @Test
  void everyBadOptionValueIsAUsageErrorBeforeAnythingStarts() throws Exception {
    Path log = Files.writeString(dir.resolve("mail.log"), "");
    String stat = dir.resolve("stat").toString();
    String state = dir.resolve("state").toString();
    String[] run = {"run", "--log", log.toString(), "--stat-file", stat, "--state-dir", state, "--no-snmp", "--no-web"};
    String[] rrd = {"--rrd-dir", dir.resolve("rrd").toString()};
    // {the one line, the command's words..., the bad option and value}
    String[][] cases = {
        {"--commit-interval: must be at least 10 ms, not 5", "--commit-interval", "5"},
        {"--poll-interval: must be at least 10 ms, not 0", "--poll-interval", "0"},
        {"--max-hosts: must be at least 1, not 0", "--max-hosts", "0"},
        {"--max-connections: must be at least 1, not -1", "--listen", "tcp:0", "--max-connections", "-1"},
        {"--max-hosts: 'many' is not a whole number", "--max-hosts", "many"},
        {"--journalctl: must name a command", "--journal", "--journalctl", " "},
        {"--refresh: must be at least 0, not -1", "--refresh", "-1"},
        {"--graph-cache: must be at least 0 s, not -3", "--graph-cache", "-3"},
        {"--graph-timezone: unknown time zone 'Mars/Olympus'", "--graph-timezone", "Mars/Olympus"},
        {"--rrd-name: bad RRD name '../x' (letters, digits, . _ - only)", "--rrd-name", "../x"},
    };
    for (String[] c : cases) {
      assertUsageError(c[0], concat(run, java.util.Arrays.copyOfRange(c, 1, c.length)));
    }
    assertUsageError("--seconds: must be at least 1, not 0", "demo", "--seconds", "0");
    assertUsageError("--rate: must be at least 1, not 0", "demo", "--rate", "0");
    assertUsageError("--resolution: must be at least 1 s, not 0",
        concat(new String[] {"rrd", "fetch"}, concat(rrd, new String[] {"--resolution", "0"})));
    assertUsageError("--grace: must be at least 0 s, not -1",
        concat(new String[] {"rrd", "update-from-log"}, concat(rrd, new String[] {"--grace", "-1", log.toString()})));
    assertUsageError("--logtype: 'journald' is not one of syslog, metalog, multilog",
        "mailgraph", "-c", "-t", "journald", "-l", log.toString());
    assertThat(Path.of(stat)).as("nothing started").doesNotExist();
    assertThat(dir.resolve("rrd")).as("nothing started").doesNotExist();

    Path conf = Files.writeString(dir.resolve("range.conf"), "[run]\nmax-hosts = 0\ncommit-interval = 1\n");
    Cli.Run check = Cli.mailstat("config", "check", conf.toString());
    assertThat(check.err()).contains(conf + ":2: --max-hosts: must be at least 1, not 0")
        .contains(conf + ":3: --commit-interval: must be at least 10 ms, not 1");
    Cli.Run fromFile = Cli.mailstat(concat(new String[] {"run", "--config", conf.toString()},
        java.util.Arrays.copyOfRange(run, 1, run.length)));
    assertThat(fromFile.exit()).as(fromFile.err()).isEqualTo(2);
    assertThat(fromFile.err()).contains("--max-hosts: must be at least 1, not 0");
  }

  private static void assertUsageError(String line, String... args) {
    Cli.Run r = Cli.mailstat(args);
    assertThat(r.exit()).as("%s: %s", line, r.err()).isEqualTo(2);
    assertThat(r.err().strip()).as(line).isEqualTo("mailstat: " + line);
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  void optionsComeFromTheConfigFile() throws Exception {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "Nov 23 18:56:29 mx postfix/smtpd[1]: 4AB12: client=localhost[127.0.0.1]\n"
        + "Nov 23 18:56:30 mx postfix/smtpd[1]: 4AB13: client=remote.example[192.0.2.1]\n");
    Path conf = dir.resolve("mailstat.conf");
    Files.writeString(conf, "[parse]\ncompat = mailgraph\nignore-localhost = true\nformat = json\n");
    Cli.Run r = Cli.mailstat("parse", "--config", conf.toString(), log.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"received\": 1");
    Cli.Run without = Cli.mailstat("parse", "--compat=mailgraph", "--format=json", log.toString());
    assertThat(without.out()).contains("\"received\": 2");
  }

  @Test
  void configCheckNamesEveryMistake() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "stat-file = /tmp/x\n[run]\nonly = mail\nbogus = 1\njournal-trust = unit:postfix@*.service\n"
        + "journal-trust = pid:1\n[frobnicate]\na = b\n[parse]\nformat = xml\n[agent]\nsnmp = udp:127.0.0.1/1161\n");
    Cli.Run r = Cli.mailstat("config", "check", conf.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(conf + ":4: 'bogus' is not an option of 'mailstat run'")
        .contains("[frobnicate] is not a mailstat command")
        .contains(conf + ":6: ").contains("'pid:1' is not unit:GLOB, exe:GLOB, comm:NAME or any")
        .contains(conf + ":10: ").contains("'xml'").doesNotContain(":5:").doesNotContain(":12:");
    Path values = dir.resolve("values.conf");
    Files.writeString(values, "[parse]\ntimezone = Nowhere/City\nyear = 99999\nhost = ([\n[agent]\n"
        + "snmp = udp:127.0.0.1/99999\ncommunity = public@300.0.0.0/8\nuser = bob:SHA-256:secretpass1:AES-129:secretpass2\n"
        + "[run]\nlisten = tcp:127.0.0.1:99999\nweb = 127.0.0.1:abc\n");
    Cli.Run v = Cli.mailstat("config", "check", values.toString());
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.err().lines()).hasSize(8).allSatisfy(l -> assertThat(l).startsWith(values + ":"));
    assertThat(v.err()).contains(values + ":2: --timezone: unknown time zone 'Nowhere/City'")
        .contains(":3: ").contains(":4: ").contains(":6: ").contains(":7: ").contains(":8: ").contains(":10: ")
        .contains(":11: ").doesNotContain("secretpass");
    Path good = dir.resolve("good.conf");
    Files.writeString(good, "stat-file = /tmp/x\n[run]\nonly = mail\nlog = /var/log/mail.log\njournal-trust = any\n");
    assertThat(Cli.mailstat("config", "check", good.toString()).exit()).isZero();
  }

  @Test
  void theShippedExampleConfigIsValid() {
    Cli.Run r = Cli.mailstat("config", "check", "config/mailstat.conf");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void aMissingConfigFileIsAUsageError() {
    Cli.Run r = Cli.mailstat("parse", "--config", dir.resolve("none.conf").toString(), "x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("none.conf: no such file");
  }

  @Test
  void countersPrintsTheStatFileInEveryFormat() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:5 received:7 bounced:1 rejected:2 virus:0 spam:3 delivered:4 greylisted:0 delayed:0"
        + " lines:99 unparsed:1\n");
    assertThat(Cli.mailstat("counters", "--stat-file", stat.toString(), "--format=mailstat").out().strip())
        .isEqualTo(Files.readString(stat).strip());
    assertThat(Cli.mailstat("counters", "--stat-file", stat.toString(), "--format=json").out())
        .contains("\"sent\": 5").contains("\"lines\": 99");
    Cli.Run missing = Cli.mailstat("counters", "--stat-file", dir.resolve("none").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void checkIsANagiosPlugin() throws Exception {
    Path stat = dir.resolve("mailstat");
    Files.writeString(stat, "sent:5 received:7 bounced:1 rejected:2 virus:0 spam:3\n");
    String state = dir.resolve("check.state").toString();
    Cli.Run fresh = Cli.mailstat("check", "--stat-file", stat.toString(), "--state-file", state);
    assertThat(fresh.exit()).isEqualTo(CheckCommand.OK);
    assertThat(fresh.out()).startsWith("MAILSTAT OK").contains("| sent_total=5c received_total=7c");
    Files.setLastModifiedTime(stat, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7200_000));
    assertThat(Cli.mailstat("check", "--stat-file", stat.toString(), "--state-file", state).exit())
        .isEqualTo(CheckCommand.CRITICAL);
    assertThat(Cli.mailstat("check", "--stat-file", dir.resolve("none").toString(), "--state-file", state).exit())
        .isEqualTo(CheckCommand.UNKNOWN);
  }
}
