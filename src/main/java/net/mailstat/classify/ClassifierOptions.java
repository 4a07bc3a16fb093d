package net.mailstat.classify;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything that changes how lines are classified. {@code flags} holds the rule switches a rule
 * can name with {@code if=}: {@code rbl-is-spam}, {@code virbl-is-virus}, {@code lmtp-is-smtp}.
 */
public record ClassifierOptions(
    Mode mode,
    Set<String> flags,
    boolean ignoreLocalhost,
    List<Pattern> ignoreHosts,
    Pattern onlyHost,
    Integer startYear,
    ZoneId zone,
    Clock clock) {

  public static final Set<String> KNOWN_FLAGS = Set.of("rbl-is-spam", "virbl-is-virus", "lmtp-is-smtp");

  public ClassifierOptions {
    flags = Set.copyOf(flags);
    ignoreHosts = List.copyOf(ignoreHosts);
    for (String flag : flags) {
      if (!KNOWN_FLAGS.contains(flag)) {
        throw new IllegalArgumentException("unknown rule flag '" + flag + "'");
      }
    }
  }

  public static ClassifierOptions defaults() {
    return new ClassifierOptions(
        Mode.DEFAULT, Set.of(), false, List.of(), null, null, ZoneId.systemDefault(), Clock.systemUTC());
  }

  public ClassifierOptions withMode(Mode newMode) {
    return new ClassifierOptions(newMode, flags, ignoreLocalhost, ignoreHosts, onlyHost, startYear, zone, clock);
  }
}
