package net.mailstat.classify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;
import net.mailstat.count.Counters;
import net.mailstat.count.LineCounts;

/** Feeds lines to a real {@link Classifier} and keeps the counts after every line. */
final class Run {
  static final ZoneId UTC = ZoneOffset.UTC;
  static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), UTC);

  final Counters counters = new Counters();
  final List<CounterSnapshot> timeline = new ArrayList<>();
  final Classifier classifier;

  Run(RuleSet rules, ClassifierOptions options) {
    classifier = new Classifier(rules, options, (category, epochSecond, host, n) -> counters.add(category, n));
  }

  static ClassifierOptions options(Mode mode, Set<String> flags) {
    return new ClassifierOptions(mode, flags, false, List.of(), null, null, UTC, NOV_2026);
  }

  static Run of(Mode mode, String... lines) {
    return new Run(RuleSet.builtin(), options(mode, Set.of())).feed(lines).finish();
  }

  Run feed(String... lines) {
    for (String line : lines) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      classifier.line(b, 0, b.length);
      timeline.add(counters.snapshot());
    }
    return this;
  }

  Run feedBytes(byte[] b) {
    classifier.line(b, 0, b.length);
    timeline.add(counters.snapshot());
    return this;
  }

  Run finish() {
    classifier.finish();
    timeline.add(counters.snapshot());
    return this;
  }

  CounterSnapshot counts() {
    return counters.snapshot();
  }

  long get(Category c) {
    return counters.get(c);
  }

  LineCounts lines() {
    return classifier.lineCounts();
  }

  /** Parses "received=1 spam=2" (or "nothing") into a snapshot. */
  static CounterSnapshot expected(String text) {
    CounterSnapshot s = CounterSnapshot.zero();
    if (text.isBlank() || text.strip().equals("nothing")) {
      return s;
    }
    for (String pair : text.strip().split("\\s+")) {
      String[] kv = pair.split("=");
      Category c = Category.byKey(kv[0]).orElseThrow(() -> new IllegalArgumentException("no category " + kv[0]));
      s = s.with(c, Long.parseLong(kv[1]));
    }
    return s;
  }
}
