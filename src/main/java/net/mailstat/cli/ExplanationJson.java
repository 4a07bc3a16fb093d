package net.mailstat.cli;

import java.util.Map;
import java.util.Locale;
import net.mailstat.classify.Explanation;
import net.mailstat.classify.Explanation.Counted;
import net.mailstat.classify.Explanation.Decision;
import net.mailstat.classify.Explanation.Trial;
import net.mailstat.json.Json;

/** {@code mailstat explain --format=json}: one object per line explained (docs/formats.md). */
final class ExplanationJson {
  private ExplanationJson() {}

  static String of(Explanation e) {
    Json j = new Json().beginObject()
        .field("line", e.lineNumber())
        .field("text", e.line())
        .field("syntax", e.syntax());
    Explanation.Envelope env = e.envelope();
    j.name("envelope");
    if (env == null) {
      j.value((String) null);
    } else {
      j.beginObject().field("epoch_second", env.epochSecond()).field("time", env.time()).field("host", env.host())
          .field("program", env.program()).field("queue_id", env.queueId()).field("message", env.message())
          .endObject();
    }
    j.field("chain", e.chainProgram());
    j.name("rules").beginArray();
    for (Trial t : e.chain()) {
      j.beginObject().field("rule", t.rule()).field("outcome", t.outcome())
          .field("verdict", t.verdict().name().toLowerCase(Locale.ROOT)).field("reason", t.reason())
          .field("pattern", t.pattern());
      j.name("groups").beginObject();
      for (Map.Entry<String, String> g : t.groups().entrySet()) {
        j.field(g.getKey(), g.getValue());
      }
      j.endObject().endObject();
    }
    j.endArray();
    j.name("decisions").beginArray();
    for (Decision d : e.decisions()) {
      j.beginObject().field("kind", d.kind().name().toLowerCase(Locale.ROOT)).field("queue_id", d.queueId())
          .field("other_line", d.otherLine()).field("reason", d.reason()).endObject();
    }
    j.endArray();
    j.name("counted").beginArray();
    for (Counted c : e.counted()) {
      j.beginObject().field("category", c.category().key()).field("n", c.n()).field("for_line", c.forLine())
          .endObject();
    }
    return j.endArray().endObject().toString();
  }
}
