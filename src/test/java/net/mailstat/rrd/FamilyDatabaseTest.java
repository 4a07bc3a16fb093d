package net.mailstat.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import org.junit.jupiter.api.Test;

/** Which data source of the detail databases counts a detail label (docs/rrd.md, docs/details.md). */
class FamilyDatabaseTest {
  private static String sourceOf(DetailFamily family, String label) {
    return FamilyDatabase.sourceOf(new DetailKey(family, label)).orElse(null);
  }

  @Test
  void everyDocumentedRejectReasonHasItsOwnSource() {
    String[][] cases = {
        {"rbl-zen.spamhaus.org", "rbl"}, {"rbl-bl.spamcop.net", "rbl"}, {"spf", "spf"},
        {"unknown-recipient", "unknown_recipient"}, {"relay-denied", "relay_denied"}, {"rate-limit", "rate_limit"},
        {"size", "size"}, {"client-access", "client_access"}, {"helo-access", "helo_access"},
        {"sender-access", "sender_access"}, {"recipient-access", "recipient_access"}, {"postscreen", "postscreen"},
        {"milter", "milter"}, {"header-checks", "header_checks"}, {"body-checks", "body_checks"},
        {"other", "other"}};
    for (String[] c : cases) {
      assertThat(sourceOf(DetailFamily.REJECT, c[0])).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void aSiteReasonOutsideTheSetAndNearMissesCountAsOther() {
    for (String label : new String[] {"local-blocklist", "triplet", "unknown_recipient", "spf-fail", "rbl",
        "relay-denied-x", "greylisted"}) {
      assertThat(sourceOf(DetailFamily.REJECT, label)).as(label).isEqualTo("other");
    }
  }

  @Test
  void tlsLabelsByDirectionAndTrust() {
    for (String direction : new String[] {"inbound", "outbound"}) {
      for (String trust : new String[] {"anonymous", "untrusted", "trusted", "verified"}) {
        assertThat(sourceOf(DetailFamily.TLS, direction + "-" + trust)).isEqualTo(direction + "_" + trust);
      }
    }
    assertThat(sourceOf(DetailFamily.TLS, "other")).isEqualTo("other");
    assertThat(sourceOf(DetailFamily.TLS, "inbound-dane")).isEqualTo("other");
  }

  @Test
  void familiesWithoutADatabaseHaveNoSource() {
    for (DetailFamily f : DetailFamily.all()) {
      if (f != DetailFamily.REJECT && f != DetailFamily.TLS) {
        assertThat(FamilyDatabase.sourceOf(new DetailKey(f, "pass"))).as(f.key()).isEmpty();
        assertThat(FamilyDatabase.slotOf(new DetailKey(f, "pass"))).as(f.key()).isNegative();
      }
    }
  }

  @Test
  void dataSourceNamesAreValidForRrdtoolAndSlotsAreDistinct() {
    Set<Integer> slots = new HashSet<>();
    for (FamilyDatabase db : FamilyDatabase.values()) {
      for (FamilyDatabase.Source s : db.sources()) {
        assertThat(s.name()).matches("[a-zA-Z0-9_]{1,19}");
        if (db != FamilyDatabase.QUEUES) {
          assertThat(slots.add(db.slot(s.name()))).as(s.name()).isTrue();
        }
      }
    }
    assertThat(slots).hasSize(FamilyDatabase.countedSlots())
        .allSatisfy(slot -> assertThat(slot).isBetween(0, FamilyDatabase.countedSlots() - 1));
    assertThat(FamilyDatabase.countedSlots()).as("15 reject and 9 TLS sources").isEqualTo(24);
    assertThat(FamilyDatabase.QUEUES.slot("deferred")).isEqualTo(3);
    assertThat(FamilyDatabase.REJECTS.slot("nope")).isEqualTo(-1);
  }

  @Test
  void theDocumentedRejectLabelsAreTheOnesWithASource() throws IOException {
    String details = Files.readString(Path.of("docs/details.md"));
    String table = details.substring(details.indexOf("### Reject reasons"), details.indexOf("### Deferral reasons"));
    Matcher label = Pattern.compile("^\\| (`[^|]+`) \\|", Pattern.MULTILINE).matcher(table);
    List<String> documented = new java.util.ArrayList<>();
    while (label.find()) {
      Matcher each = Pattern.compile("`([a-z-]+)(LIST)?`").matcher(label.group(1));
      while (each.find()) {
        documented.add(each.group(1).equals("rbl-") ? "rbl-zen.spamhaus.org" : each.group(1));
      }
    }
    assertThat(documented).hasSize(FamilyDatabase.REJECTS.sources().size());
    Set<String> sources = new HashSet<>();
    documented.forEach(l -> sources.add(sourceOf(DetailFamily.REJECT, l)));
    assertThat(sources).hasSize(documented.size());
  }

  @Test
  void docsRrdListsEveryFamilyDataSource() throws IOException {
    String rrd = Files.readString(Path.of("docs/rrd.md"));
    for (FamilyDatabase db : FamilyDatabase.values()) {
      String names = String.join(" ", db.sources().stream().map(FamilyDatabase.Source::name).toList());
      assertThat(rrd).as(db.name()).contains("`DIR/NAME" + db.fileName("") + "` | `" + names + "`");
    }
  }
}
