package net.mailstat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * mailgraph's option spellings, checked against Perl's Getopt::Long reading the option list out of
 * Debian's /usr/sbin/mailgraph (package mailgraph): whatever mailgraph accepts, mailstat accepts
 * with the same meaning, and what mailgraph refuses is refused.
 */
class MailgraphArgsTest {
  private static final Path MAILGRAPH = Path.of("/usr/sbin/mailgraph");
  private static final Path REFERENCE = Path.of("src/test/resources/mailgraph/getopt-reference.pl");

  static Stream<String> commandLines() {
    return Stream.of(
        "--logfile /var/log/mail.log --daemon --daemon_pid=/run/m.pid --daemon_rrd=/var/lib/mailgraph",
        "--logfile /var/log/mail.log --daemon --daemon-pid=/run/m.pid --daemon-rrd=/var/lib/mailgraph",
        "-l /var/log/mail.log -d --daemon_rrd=/var/lib/mailgraph --ignore-localhost",
        "--daemon_log=/var/log/mg.log --daemon-log /var/log/mg2.log",
        "--rrd_name=mg --rrd-name other", "--rrd x", "--rrd-n=x",
        "--nodaemon", "--no-daemon", "--nod", "--no-d", "--daemon --nodaemon", "--nodaemon -d",
        "--noignore-localhost", "--no-ignore-localhost", "--ignore-localhost --noignore-l", "--ignore-l",
        "-v", "-V", "--verb", "--vers", "--ver", "--v", "--V", "-h", "--h", "--he",
        "--dae", "--daemon_r=x", "--daemon_p /p", "--daemon-l=/l", "--daemon",
        "+logfile x", "-logfile=x", "-logfile x", "--logfile=", "--logfile", "-l -x", "-l --daemon", "-l=x",
        "--year=2004", "--year=", "--year=x", "-y 2004", "-y=+2004", "--year 2004x", "-y -5", "--ye 1999",
        "--no-m", "--no-v", "--no-g", "--no", "--no-", "--no-mail-rrd --no-virus-rrd --no-greylist-rrd",
        "--ig", "--ignore-h a --ignore-host=b --ignore-host c", "--ignore-host=a,b{1,2}",
        "--ho x", "--host=x --host y", "--r", "--rb", "--vi", "--rbl-is-spam=1", "--virbl-is-virus",
        "foo -c", "-- -c", "-", "-c - -l x", "--LOGFILE x", "--Daemon", "-D", "-C",
        "--c", "--ca", "-ca", "-cat", "--cat=1", "-c -c", "-t multilog", "--logt=metalog",
        "--unknown", "-x", "--daemon_pid", "--logfile=a=b", "--logfile a b");
  }

  @ParameterizedTest
  @MethodSource("commandLines")
  void readsEveryCommandLineAsMailgraphDoes(String line) throws Exception {
    List<String> args = line.isEmpty() ? List.of() : List.of(line.split(" "));
    assertThat(javaReading(args)).as(line).isEqualTo(perlReading(args));
  }

  @Test
  void theOptionListIsDebiansMailgraphsOwn() throws Exception {
    List<String> perl = run(List.of("perl", REFERENCE.toString(), MAILGRAPH.toString(), "--specs"));
    assertThat(MailgraphArgs.SPECS.subList(0, MailgraphArgs.DEBIAN_SPECS)).isEqualTo(perl);
  }

  @Test
  void theMultiLogPatchsOptionsAreAcceptedInEverySpelling() {
    MailgraphArgs args = MailgraphArgs.mailgraphOnly(MailgraphArgs.SPECS);
    assertThat(args.normalise(List.of("--only-mail-rrd", "-l", "/var/log/mail.log", "-d")))
        .containsExactly("--daemon", "--logfile=/var/log/mail.log", "--only-mail-rrd");
    assertThat(args.normalise(List.of("-only-v", "--daemon-pid", "/run/v.pid")))
        .containsExactly("--daemon-pid=/run/v.pid", "--only-virus-rrd");
    assertThatThrownBy(() -> args.normalise(List.of("--only"))).hasMessageContaining("ambiguous");
  }

  @Test
  void theCanonicalSpellingReadsTheSameAgain() {
    MailgraphArgs args = MailgraphArgs.mailgraphOnly(MailgraphArgs.SPECS);
    List<String> once = args.normalise(List.of("--daemon_rrd=/r", "-y", "2004", "--nod", "-d", "--ignore-host",
        "a", "--ignore-h=b", "-v", "--rrd_n", "mg", "+only-m"));
    assertThat(once).containsExactly("--daemon", "--daemon-rrd=/r", "--ignore-host=a", "--ignore-host=b",
        "--only-mail-rrd", "--rrd-name=mg", "--verbose", "-y=2004");
    assertThat(args.normalise(once)).isEqualTo(once);
  }

  @Test
  void mailstatsOwnOptionsOfTheCommandPassThroughInTheirFullSpelling() {
    var command = MailstatCommand.commandLine(new String[] {"mailgraph"}).getSubcommands().get("mailgraph");
    MailgraphArgs args = MailgraphArgs.forCommand(command.getCommandSpec());
    assertThat(args.normalise(List.of("--stat-f", "/tmp/s", "-state-dir=/tmp/d", "--compat", "none", "-c")))
        .containsExactly("--cat", "--stat-file=/tmp/s", "--state-dir=/tmp/d", "--compat=none");
    assertThatThrownBy(() -> args.normalise(List.of("--sta", "x"))).hasMessageContaining("ambiguous");
  }

  private static List<String> javaReading(List<String> args) {
    MailgraphArgs reader = MailgraphArgs.mailgraphOnly(MailgraphArgs.SPECS.subList(0, MailgraphArgs.DEBIAN_SPECS));
    MailgraphArgs.Parsed parsed;
    try {
      parsed = reader.parse(args);
    } catch (MailgraphArgs.Refused e) {
      return List.of("ERROR");
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : parsed.values().entrySet()) {
      Object v = e.getValue();
      String shown = v instanceof Boolean b ? "[" + (b ? 1 : 0) + "]"
          : v instanceof List<?> list ? list.stream().map(x -> "[" + x + "]").collect(Collectors.joining(","))
          : "[" + v + "]";
      out.add(e.getKey() + "=" + shown);
    }
    if (!parsed.leftover().isEmpty()) {
      out.add("ARGS=" + parsed.leftover().stream().map(x -> "[" + x + "]").collect(Collectors.joining(",")));
    }
    return out;
  }

  private static List<String> perlReading(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("perl", REFERENCE.toString(), MAILGRAPH.toString()));
    command.addAll(args);
    return run(command);
  }

  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().toList();
  }
}
