package net.mailstat.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of rules: the built-in ones, possibly overlaid by a site's rule file. An overlay
 * rule with a built-in rule's name replaces it in place; a new name goes before all built-in rules
 * (so a site's rule wins), and {@code disable NAME} removes a rule.
 */
public final class RuleSet {
  private static final String BUILTIN = "default.rules";

  private final List<Rule> rules;

  private RuleSet(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static RuleSet builtin() {
    try (InputStream in = RuleSet.class.getResourceAsStream(BUILTIN)) {
      if (in == null) {
        throw new IllegalStateException("built-in rules missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new RuleSet(new RuleFileParser().parse(text, "built-in " + BUILTIN).rules());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuleSyntaxException e) {
      throw new IllegalStateException("built-in rules are broken: " + e.getMessage(), e);
    }
  }

  /** Reads a site's rule file on top of these rules. */
  public RuleSet overlay(Path file) throws IOException, RuleSyntaxException {
    return overlay(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  RuleSet overlay(String text, String source) throws RuleSyntaxException {
    RuleFileParser.Parsed parsed = new RuleFileParser().parse(text, source);
    List<Rule> merged = new ArrayList<>(rules);
    List<Rule> added = new ArrayList<>();
    for (Rule rule : parsed.rules()) {
      int existing = indexOf(merged, rule.name());
      if (existing >= 0) {
        merged.set(existing, rule);
      } else {
        added.add(rule);
      }
    }
    for (String name : parsed.disabled()) {
      int existing = indexOf(merged, name);
      if (existing < 0) {
        throw new RuleSyntaxException(source, 0, "cannot disable unknown rule '" + name + "'");
      }
      merged.remove(existing);
    }
    added.addAll(merged);
    return new RuleSet(added);
  }

  private static int indexOf(List<Rule> list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  List<Rule> rules() {
    return rules;
  }

  public int size() {
    return rules.size();
  }
}
