package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written matchers find exactly what the regexes they stand in for find, with the same
 * groups: on every message of the test corpora, on hand-made edge cases, and on thousands of
 * random mutations of the matching ones.
 */
class PostfixMatchersTest {
  private static final Map<String, List<String>> GROUPS = Map.of(
      PostfixMatchers.HANDOFF, List.of("filtered", "newqid", "host"),
      PostfixMatchers.SENT, List.of("host"),
      PostfixMatchers.CLIENT, List.of("qid", "host"),
      PostfixMatchers.CLIENT_PREFIX, List.of());

  private static final List<String> EDGE_CASES = List.of(
      "4BCD3F1A2: to=<a@example.org>, relay=127.0.0.1[127.0.0.1]:10024, delay=1.2, delays=0.1/0/0/1.1,"
          + " dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4BXY12)",
      "4bXYzq0mNWz9vT: to=<a@example.org>, relay=[::1]:10024, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4bXYzs)",
      "4BCD3F1A2: to=<a@example.org>, relay=x[ipv6:::1]:10024, delay=1, dsn=2.0.0, status=sent (250 Ok)",
      "4BCD3F1A2: to=<a@example.org>, relay=127.0.0.1[127.0.0.1]:10024, delay=1, dsn=2.7.0, status=sent"
          + " (250 2.7.0 Ok, discarded, id=04682-01 - spam)",
      "4BCD3F1A2: to=<a@example.org>, relay=127.0.0.1[127.0.0.1]:10024, delay=1, status=sent (250 2.5.0 Ok, id=1, BOUNCE)",
      "4BCD3F1A2: to=<a@example.org>, relay=[127.0.0.1]:10024, delay=1, status=sent (250 undiscarded BOUNCEd _discarded)",
      "4BCD3F1A2: to=<a@example.org>, relay=[127.0.0.1]:10024, delay=1, status=sent (250 \u00e9discarded BOUNCE\u00e9)",
      "4BCD3F1A2: to=<a@example.org>, relay=[127.0.0.1]:10024, delay=1, status=sent (discarded)",
      "4BCD3F1A2: to=<a@example.org>, relay=[127.0.0.1]:10024, delay=1, status=sent (250 OK id=1sXyz-000abc-9Q)",
      "4BCD3F1A2: to=<a@example.org>, relay=x[127.0.0.1234]:10024, delay=1, status=sent (250 queued as A)",
      "4BCD3F1A2: to=<a@example.org>, relay=x[127.0.0.1]:10024,delay=1, status=sent (250 queued as A)",
      "4BCD3F1A2: to=<a@example.org>, relay=x[127.0.0.1]:10024, delay=1, status=sent (250 queued as )",
      "4BCD3F1A2: to=<a@example.org>, relay=x[127.0.0.1]:10024, delay=1, status=sent (queued as A queued as _b9 x)",
      "4BCD3F1A2: relay=x[127.0.0.1]:10024, , relay=y[127.0.0.1], status=sent (250)",
      "4BCD3F1A2: , relay=mx.example.org[192.0.2.1]:25, , relay=y[127.0.0.1], , status=sent (250)",
      "4BCD3F1A2: , relay=[127.0.0.1], status=sent (a\rqueued as B)",
      "4BCD3F1A2: , relay=[127.0.0.1]\u0085, x, status=sent (queued as B)",
      "AEIOU12: , relay=[127.0.0.1], x, status=sent (queued as B)",
      "bcdf12: , relay=[127.0.0.1], x, status=sent (queued as B)",
      "bcdfa12: , relay=[127.0.0.1], x, status=sent (queued as B)",
      ": , relay=[127.0.0.1], x, status=sent (queued as B)",
      "ABC: to=<a@b>, relay=mx.example.org[192.0.2.1]:25, delay=0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
      "ABC: to=<a@b>, relay=, delay=0.5, status=sent (250)",
      "ABC: to=<a@b>, relay=none, delay=0.5, status=sent_",
      "ABC: to=<a@b>, relay=none, delay=0.5, status=sent\u00e9, status=sent.",
      "ABC: to=<a@b>, relay=none, delay=0.5, status=sentx",
      "ABC: to=<a@b>, status=sent, relay=mx[192.0.2.1]",
      ", status=sent",
      "ABC: client=mail.example.org[192.0.2.7]",
      "ABC: client=mail.example.org[192.0.2.7], sasl_method=PLAIN, sasl_username=u",
      "ABC: client=localhost[127.0.0.1], orig_queue_id=DEF, orig_client=x[192.0.2.1]",
      "ABC: client=",
      "ABC: client=,x",
      "ABC: client=\tx",
      "ABC: client=a\u0085b",
      "ABCz: client=x",
      "xyz: client=x",
      "ABC:client=x",
      "ABC : client=x",
      "");

  @ParameterizedTest
  @ValueSource(strings = {"pf-filter-handoff", "pf-smtp-sent", "pf-smtpd-received", "pf-smtpd-reinjected"})
  void theBuiltInRuleGetsItsHandWrittenMatcher(String name) {
    Rule rule = RuleSet.builtin().rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    assertThat(PostfixMatchers.forPattern(rule.pattern())).as(name).isNotNull();
  }

  @Test
  void otherPatternsAndFlagsKeepTheRegex() {
    assertThat(PostfixMatchers.forPattern(Pattern.compile(PostfixMatchers.SENT + " "))).isNull();
    assertThat(PostfixMatchers.forPattern(Pattern.compile(PostfixMatchers.SENT, Pattern.CASE_INSENSITIVE))).isNull();
  }

  @Test
  void edgeCasesAgree() {
    assertAgreement(EDGE_CASES);
  }

  @Test
  void everyCorpusMessageAgrees() throws IOException {
    List<String> messages = corpusMessages();
    assertThat(messages).hasSizeGreaterThan(1000);
    int matched = assertAgreement(messages);
    assertThat(matched).as("corpus messages some hand-written matcher matched").isGreaterThan(100);
  }

  @Test
  void mutatedMessagesAgree() throws IOException {
    List<String> seeds = new ArrayList<>(EDGE_CASES);
    for (String m : corpusMessages()) {
      if (m.contains("status=sent") || m.contains("client=")) {
        seeds.add(m);
      }
    }
    Random random = new Random(20261123);
    List<String> mutants = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      mutants.add(mutate(seeds.get(random.nextInt(seeds.size())), random));
    }
    int matched = assertAgreement(mutants);
    assertThat(matched).as("mutants some hand-written matcher matched").isGreaterThan(5_000);
  }

  private static final String[] PIECES = {",", " ", ", ", "[", "]", ":", ": ", ".", "1", "127.", "0.0.1]", "[::1]",
      ", relay=", "relay=", ", status=sent", ", status=sent (", " queued as ", "queued as", "_", "x", "E", "\t", "\r",
      "\u0085", "\u00e9", "client=", ": client=", "[127.0.0.1]", "[ipv6:::1]", "discarded"};

  private static String mutate(String seed, Random random) {
    String s = seed;
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> s = s.substring(0, at) + PIECES[random.nextInt(PIECES.length)] + s.substring(at);
        case 1 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(12));
          s = s.substring(0, Math.min(at, s.length())) + s.substring(end);
        }
        case 2 -> s = s.substring(0, at);
        default -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(20));
          s = s.substring(0, end) + s.substring(Math.min(at, end));
        }
      }
    }
    return s;
  }

  /** Asserts agreement on every message for every pattern; returns how many messages any matched. */
  private static int assertAgreement(List<String> messages) {
    int matched = 0;
    for (String message : messages) {
      boolean any = false;
      for (Map.Entry<String, List<String>> e : GROUPS.entrySet()) {
        Pattern pattern = Pattern.compile(e.getKey());
        MessageMatcher handWritten = PostfixMatchers.forPattern(pattern);
        MessageMatcher regex = new RegexMatcher(pattern);
        boolean expected = regex.find(message);
        assertThat(handWritten.find(message)).as("%s on [%s]", e.getKey(), message).isEqualTo(expected);
        if (expected) {
          any = true;
          for (String group : e.getValue()) {
            assertThat(handWritten.group(group)).as("group %s of %s on [%s]", group, e.getKey(), message)
                .isEqualTo(regex.group(group));
          }
        }
      }
      if (any) {
        matched++;
      }
    }
    return matched;
  }

  /** Each line's text after every ": " (one of them is the message), from the test corpora. */
  private static List<String> corpusMessages() throws IOException {
    Set<String> out = new LinkedHashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Stream.concat(
        Files.walk(Path.of("src/test/resources/corpus")),
        Files.walk(Path.of("src/test/resources/net/mailstat/classify")))) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().matches("LICENSE|COPYING|.*\\.(py|md)")).toList();
    }
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String line : text.split("\n", -1)) {
        for (int at = line.indexOf(": "); at >= 0; at = line.indexOf(": ", at + 1)) {
          out.add(line.substring(at + 2));
        }
      }
    }
    return new ArrayList<>(out);
  }
}
