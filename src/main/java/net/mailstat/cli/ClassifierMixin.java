package net.mailstat.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.mailstat.classify.ClassifierOptions;
import net.mailstat.classify.Mode;
import net.mailstat.classify.RuleSet;
import net.mailstat.classify.RuleSyntaxException;
import picocli.CommandLine.Option;

/** The classification options shared by every command that reads logs (mailgraph's options). */
final class ClassifierMixin {
  enum Compat {
    none,
    mailgraph
  }

  @Option(names = "--compat", paramLabel = "MODE",
      description = "Counting rules: 'none' (default: each message once) or 'mailgraph' "
          + "(Debian mailgraph 1.14's counts).")
  Compat compat = Compat.none;

  @Option(names = "--ignore-localhost", description = "Ignore mail to and from localhost.")
  boolean ignoreLocalhost;

  @Option(names = "--ignore-host", paramLabel = "RE", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      converter = ValueChecks.Regex.class,
      description = "Ignore mail to and from relays/clients matching RE (repeatable).")
  List<String> ignoreHosts = new ArrayList<>();

  @Option(names = "--host", paramLabel = "RE", converter = ValueChecks.Regex.class, description = "Use only lines whose syslog host matches RE.")
  String onlyHost;

  @Option(names = "--year", paramLabel = "YYYY", converter = ValueChecks.Year.class,
      description = "Year of the first line of year-less (RFC 3164) logs (default: inferred).")
  Integer year;

  @Option(names = "--timezone", paramLabel = "ZONE", converter = ValueChecks.TimeZone.class,
      description = "Time zone of year-less (RFC 3164) timestamps (default: the system's).")
  String timezone;

  @Option(names = "--rbl-is-spam", description = "Count RBL rejects as spam.")
  boolean rblIsSpam;

  @Option(names = "--virbl-is-virus", description = "Count virbl rejects as viruses.")
  boolean virblIsVirus;

  @Option(names = "--lmtp-is-smtp", description = "Treat postfix/lmtp deliveries like postfix/smtp.")
  boolean lmtpIsSmtp;

  @Option(names = "--rules", paramLabel = "FILE", split = ConfigDefaults.MULTI_VALUE_SEPARATOR,
      description = "Site rule file(s) overlaid on the built-in rules (docs/rules.md).")
  List<Path> ruleFiles = new ArrayList<>();

  ClassifierOptions options(Clock clock) {
    Set<String> flags = new HashSet<>();
    if (rblIsSpam) {
      flags.add("rbl-is-spam");
    }
    if (virblIsVirus) {
      flags.add("virbl-is-virus");
    }
    if (lmtpIsSmtp) {
      flags.add("lmtp-is-smtp");
    }
    List<Pattern> ignore = new ArrayList<>();
    for (String re : ignoreHosts) {
      ignore.add(compile("--ignore-host", re));
    }
    Pattern host = onlyHost == null ? null : compile("--host", onlyHost);
    ZoneId zone = timezone == null ? ZoneId.systemDefault() : ZoneId.of(timezone);
    Mode mode = compat == Compat.mailgraph ? Mode.MAILGRAPH : Mode.DEFAULT;
    return new ClassifierOptions(mode, flags, ignoreLocalhost, ignore, host, year, zone, clock);
  }

  RuleSet rules() {
    RuleSet rules = RuleSet.builtin();
    for (Path file : ruleFiles) {
      try {
        rules = rules.overlay(file);
      } catch (IOException e) {
        throw new UserError("--rules: cannot read " + file + ": " + e.getMessage());
      } catch (RuleSyntaxException e) {
        throw new UserError("--rules: " + e.getMessage());
      }
    }
    return rules;
  }

  private static Pattern compile(String option, String re) {
    try {
      return Pattern.compile(re, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw new UserError(option + ": bad regular expression '" + re + "': " + e.getDescription());
    }
  }
}
