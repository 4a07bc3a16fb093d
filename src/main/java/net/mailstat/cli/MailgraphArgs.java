package net.mailstat.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * mailgraph's command line read the way its Perl parser (Getopt::Long with {@code no_ignore_case})
 * reads it, so that every spelling an init script may use works: aliases ({@code --daemon_pid} and
 * {@code --daemon-pid}), {@code --no}/{@code --no-} negations of negatable flags, unique prefixes
 * ({@code --daemon_r}), one or two dashes or {@code +}, {@code -opt=value} and {@code --opt value}.
 * The result is rewritten into one canonical spelling per option for picocli; the last value of an
 * option wins, as in mailgraph. mailstat's own options of the command are accepted the same way.
 */
final class MailgraphArgs {
  /**
   * Debian mailgraph 1.14's option specifications, in its order, followed by the two of the
   * multi-log patch that the classic two-instance init script passes.
   */
  static final List<String> SPECS = List.of(
      "help|h", "cat|c", "logfile|l=s", "logtype|t=s", "version|V",
      "year|y=i", "host=s", "verbose|v", "daemon|d!",
      "daemon_pid|daemon-pid=s", "daemon_rrd|daemon-rrd=s",
      "daemon_log|daemon-log=s", "ignore-localhost!", "ignore-host=s@",
      "no-mail-rrd", "no-virus-rrd", "no-greylist-rrd", "rrd_name|rrd-name=s",
      "rbl-is-spam", "virbl-is-virus",
      "only-mail-rrd", "only-virus-rrd");

  /** How many of {@link #SPECS} are Debian's own (the rest are the multi-log patch's). */
  static final int DEBIAN_SPECS = 20;

  private static final Pattern SPEC = Pattern.compile("([A-Za-z0-9_|-]+?)(!|=s@|=s|=i)?");
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern OPTION_START = Pattern.compile("(--|-|\\+)(.+)");

  /** A usage error, worded as one line. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  enum Kind {
    FLAG,
    NEGATABLE,
    STRING,
    INTEGER,
    LIST
  }

  /** One option: its key (the first name), its kind, and for mailstat's own the picocli name. */
  record Option(String key, Kind kind, String picocliName) {}

  /** What was given: mailgraph's options by key, mailstat's own as canonical arguments, the rest. */
  record Parsed(Map<String, Object> values, List<String> own, List<String> leftover) {}

  private final Map<String, Option> byName = new TreeMap<>();
  /** Names that select an option's negation. */
  private final Set<String> negations = new LinkedHashSet<>();
  /** Hidden options (for mailstat's own use), matched only when spelt out. */
  private final Set<String> exactOnly = new LinkedHashSet<>();

  private MailgraphArgs(List<String> specs, List<OptionSpec> own) {
    for (String spec : specs) {
      var m = SPEC.matcher(spec);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad option spec " + spec);
      }
      String[] names = m.group(1).split("\\|");
      String type = m.group(2) == null ? "" : m.group(2);
      Kind kind = switch (type) {
        case "!" -> Kind.NEGATABLE;
        case "=s" -> Kind.STRING;
        case "=i" -> Kind.INTEGER;
        case "=s@" -> Kind.LIST;
        default -> Kind.FLAG;
      };
      Option option = new Option(names[0], kind, null);
      for (String name : names) {
        // A later specification of a name replaces an earlier one, as in Getopt::Long.
        byName.put(name, option);
        if (kind == Kind.NEGATABLE) {
          byName.put("no" + name, option);
          byName.put("no-" + name, option);
          negations.add("no" + name);
          negations.add("no-" + name);
        }
      }
    }
    for (OptionSpec o : own) {
      String longest = o.longestName();
      String bare = longest.replaceFirst("^-+", "");
      if (byName.containsKey(bare)) {
        continue;
      }
      Kind kind = o.arity().max() == 0 ? Kind.FLAG : Kind.STRING;
      byName.put(bare, new Option(bare, kind, longest));
      if (o.hidden()) {
        exactOnly.add(bare);
      }
    }
  }

  /** The reader of mailgraph's options alone (no mailstat additions), for the tests. */
  static MailgraphArgs mailgraphOnly(List<String> specs) {
    return new MailgraphArgs(specs, List.of());
  }

  /** The reader for the {@code mailgraph} command: mailgraph's options and the command's own. */
  static MailgraphArgs forCommand(CommandSpec command) {
    return new MailgraphArgs(SPECS, command.options());
  }

  /**
   * Rewrites {@code args} (after the command name) into picocli's spelling.
   *
   * @throws Refused for what mailgraph would refuse too: an unknown or ambiguous option, a missing
   *     or malformed value
   */
  List<String> normalise(List<String> args) {
    return render(parse(args));
  }

  Parsed parse(List<String> args) {
    Map<String, Object> values = new TreeMap<>();
    List<String> own = new ArrayList<>();
    List<String> leftover = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        leftover.addAll(args.subList(i + 1, args.size()));
        break;
      }
      var start = OPTION_START.matcher(arg);
      if (arg.equals("-") || !start.matches()) {
        leftover.add(arg);
        continue;
      }
      String body = start.group(2);
      int eq = body.indexOf('=');
      String tried = eq < 0 ? body : body.substring(0, eq);
      String attached = eq < 0 ? null : body.substring(eq + 1);
      String name = resolve(tried);
      Option option = byName.get(name);
      boolean negated = negations.contains(name);
      String value = null;
      if (option.kind() == Kind.FLAG || option.kind() == Kind.NEGATABLE) {
        if (attached != null) {
          throw new Refused("option " + name + " does not take an argument");
        }
      } else {
        if (attached != null) {
          if (attached.isEmpty()) {
            throw new Refused("option " + tried + " requires an argument");
          }
          value = attached;
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new Refused("option " + tried + " requires an argument");
        }
        if (option.kind() == Kind.INTEGER && !INTEGER.matcher(value).matches()) {
          throw new Refused("value \"" + value + "\" invalid for option " + tried + " (number expected)");
        }
        if (option.kind() == Kind.INTEGER) {
          value = new java.math.BigInteger(value).toString();
        }
      }
      if (option.picocliName() != null) {
        own.add(value == null ? option.picocliName() : option.picocliName() + "=" + value);
        continue;
      }
      switch (option.kind()) {
        case FLAG -> values.put(option.key(), Boolean.TRUE);
        case NEGATABLE -> values.put(option.key(), !negated);
        case LIST -> {
          @SuppressWarnings("unchecked")
          List<String> list = (List<String>) values.computeIfAbsent(option.key(), k -> new ArrayList<String>());
          list.add(value);
        }
        default -> values.put(option.key(), value);
      }
    }
    return new Parsed(values, own, leftover);
  }

  /** Getopt::Long's lookup: an exact name, or a prefix of names that all mean one option. */
  private String resolve(String tried) {
    if (byName.containsKey(tried)) {
      return tried;
    }
    Map<String, String> meanings = new LinkedHashMap<>();
    for (String name : byName.keySet()) {
      if (name.startsWith(tried) && !exactOnly.contains(name)) {
        Option option = byName.get(name);
        meanings.putIfAbsent((negations.contains(name) ? "no" : "") + option.key(), name);
      }
    }
    if (meanings.isEmpty()) {
      throw new Refused("unknown option: " + tried);
    }
    if (meanings.size() > 1) {
      throw new Refused("option " + tried + " is ambiguous (" + String.join(", ", meanings.values()) + ")");
    }
    return meanings.values().iterator().next();
  }

  private static List<String> render(Parsed parsed) {
    List<String> out = new ArrayList<>();
    parsed.values().forEach((key, value) -> {
      String name = key.equals("year") ? "-y" : "--" + key.replace('_', '-');
      if (value instanceof Boolean on) {
        if (on) {
          out.add(name);
        }
      } else if (value instanceof List<?> list) {
        list.forEach(v -> out.add(name + "=" + v));
      } else {
        out.add(name + "=" + value);
      }
    });
    out.addAll(parsed.own());
    if (!parsed.leftover().isEmpty()) {
      // mailgraph ignores them; picocli refuses them, which is kinder than ignoring a typo
      out.add("--");
      out.addAll(parsed.leftover());
    }
    return out;
  }
}
