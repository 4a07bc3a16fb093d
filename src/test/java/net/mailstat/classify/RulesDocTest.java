package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/rules.md are valid rule files. */
class RulesDocTest {
  @Test
  void examplesParseAsOverlays() throws IOException, RuleSyntaxException {
    String doc = Files.readString(Path.of("docs/rules.md"));
    Matcher block = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    int examples = 0;
    while (block.find()) {
      String text = block.group(1);
      if (text.startsWith("define NAME")) {
        continue;
      }
      RuleSet overlaid = RuleSet.builtin().overlay(text, "docs/rules.md example " + examples);
      assertThat(overlaid.size()).isPositive();
      examples++;
    }
    assertThat(examples).isEqualTo(3);
  }
}
