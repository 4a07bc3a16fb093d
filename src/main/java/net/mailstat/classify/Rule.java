package net.mailstat.classify;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.mailstat.count.Category;

/**
 * One classification rule: for lines of {@code programs} whose message contains every {@code has}
 * literal, at least one {@code any} literal (if any are given), none of the {@code not} literals, and matches {@code pattern}, apply {@code outcome}.
 * The literal checks run first on raw bytes, so most lines never reach the regex.
 *
 * <p>Named groups in the pattern have meanings: {@code host} (the peer, for --ignore-localhost
 * and --ignore-host), {@code qid} (the line's queue id), {@code newqid} (the queue id a message is
 * re-injected as), {@code filtered} (a queue id the content filter received: an original message),
 * {@code reinjected} (present: the line is a content-filter re-injection) and
 * {@code n} (count this many). {@code reason}: the reject reason a {@code rejected} rule gives its
 * count (null: the detail rules decide). {@code clamd}: the rule's part in telling one virus from
 * two when clamd and a client of it (clamav-milter, clamsmtpd) both log one scan (docs/counting.md).
 * {@code linked}: the rule's part in linking a pipe filter's hand-off and re-injection.
 */
record Rule(
    String name,
    List<String> programs,
    Outcome outcome,
    Set<Mode> modes,
    String requiredFlag,
    boolean requiredFlagNegated,
    List<String> has,
    List<String> any,
    List<String> not,
    boolean continueAfterMatch,
    boolean localReinjection,
    String reason,
    Category unclaimed,
    ClamdRole clamd,
    Linked linked,
    Pattern pattern,
    String source) {

  boolean appliesTo(Mode mode, Set<String> flags) {
    if (!modes.contains(mode)) {
      return false;
    }
    if (requiredFlag == null) {
      return true;
    }
    return flags.contains(requiredFlag) != requiredFlagNegated;
  }

  /**
   * {@code SCAN}: clamd's own report of a scan ({@code FOUND}); {@code VERDICT}: a clamd client's
   * verdict on a message, which may stand for one such scan of its host.
   */
  enum ClamdRole { NONE, SCAN, VERDICT }

  /**
   * {@code PICKUP}: a pickup reception, which may be a pipe filter's re-injection; {@code PIPE}: a
   * pipe delivery, which may be a hand-off to such a filter. Linked by message id
   * ({@link PipeReinjections}).
   */
  enum Linked { NONE, PICKUP, PIPE }

  boolean hasGroup(String group) {
    return pattern.pattern().contains("(?<" + group + ">");
  }
}
