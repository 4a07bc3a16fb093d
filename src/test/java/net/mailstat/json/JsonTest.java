package net.mailstat.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesNestedObjectsAndArraysWithTheSeparatorsOfTheOldHandWrittenJson() {
    String json = new Json().beginObject()
        .field("sent", 3)
        .name("legend").beginArray()
        .beginObject().field("label", "Sent").field("total", 104.0, 4).endObject()
        .beginObject().field("label", "Spam").field("total", Double.NaN, 4).endObject()
        .endArray()
        .field("ok", true)
        .name("nothing").value((String) null)
        .endObject().toString();
    assertThat(json).isEqualTo("{\"sent\": 3, \"legend\": [{\"label\": \"Sent\", \"total\": 104.0000}, "
        + "{\"label\": \"Spam\", \"total\": null}], \"ok\": true, \"nothing\": null}");
  }

  @Test
  void escapesEverythingALogLineCanCarry() {
    assertThat(Json.quoted("a\"b\\c\nd\re\tf\u0001g\u007fh\u2028i")).isEqualTo(
        "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u007fh\\u2028i\"");
    assertThat(Json.quoted("caf\u00e9 \ud83d\udce7")).isEqualTo("\"caf\u00e9 \ud83d\udce7\"");
    assertThat(Json.quoted("lone \ud83d x")).isEqualTo("\"lone \\ud83d x\"");
    assertThat(Json.quoted("</script>")).isEqualTo("\"</script>\"");
  }

  @Test
  void misuseIsAProgrammingErrorNotBrokenOutput() {
    assertThatThrownBy(() -> new Json().beginObject().value(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Json().beginArray().name("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Json().beginObject().endArray()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Json().beginObject().toString()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Json().value(1).value(2)).isInstanceOf(IllegalStateException.class);
  }
}
