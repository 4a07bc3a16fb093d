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
import net.mailstat.count.DetailCounts;
import net.mailstat.count.DetailKey;
import net.mailstat.count.EventSink;
import net.mailstat.count.LineCounts;

/** Feeds lines to a real {@link Classifier} and keeps the counts after every line. */
final class Run {
  static final ZoneId UTC = ZoneOffset.UTC;
  static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), UTC);

  final Counters counters = new Counters();
  final DetailCounts details = new DetailCounts();
  final List<CounterSnapshot> timeline = new ArrayList<>();
  /** The details after every line, as {@link #timeline} has the counts. */
  final List<java.util.Map<String, Long>> detailTimeline = new ArrayList<>();
  final Classifier classifier;

  Run(RuleSet rules, ClassifierOptions options) {
    classifier = new Classifier(rules, options, new EventSink() {
      @Override
      public void count(Category category, long epochSecond, String host, long n) {
        counters.add(category, n);
      }

      @Override
      public void detail(DetailKey key, long epochSecond, String host, long n) {
        details.add(key, n);
      }
    });
  }

  /** The details counted so far, as "family label" to count. */
  java.util.Map<String, Long> details() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    details.snapshot().forEach((k, n) -> out.put(k.toString(), n));
    return out;
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
      detailTimeline.add(details());
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
    detailTimeline.add(details());
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

  /** The details of "rejected=1 reject:relay-denied=1" (FAMILY:LABEL=N words), as "family label" to count. */
  static java.util.Map<String, Long> expectedDetails(String text) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (String pair : text.strip().split("\\s+")) {
      int colon = pair.indexOf(':');
      int eq = pair.lastIndexOf('=');
      if (colon > 0 && eq > colon) {
        out.put(pair.substring(0, colon) + " " + pair.substring(colon + 1, eq), Long.parseLong(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  /** Parses "received=1 spam=2" (or "nothing") into a snapshot; FAMILY:LABEL=N words are details. */
  static CounterSnapshot expected(String text) {
    CounterSnapshot s = CounterSnapshot.zero();
    if (text.isBlank() || text.strip().equals("nothing")) {
      return s;
    }
    for (String pair : text.strip().split("\\s+")) {
      if (pair.indexOf(':') > 0) {
        continue;
      }
      String[] kv = pair.split("=");
      Category c = Category.byKey(kv[0]).orElseThrow(() -> new IllegalArgumentException("no category " + kv[0]));
      s = s.with(c, Long.parseLong(kv[1]));
    }
    return s;
  }
}
