package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldReceptionsTest {
  @Test
  void linesRoundTripWithTheHandoffsHost() {
    HeldReceptions held = new HeldReceptions(
        List.of(new HeldReceptions.Reception("D2FF7D9649", 1795000000L, "mx")),
        List.of(new HeldReceptions.Reinjection("4BXY12", 1795000001L, "mx2")));

    assertThat(held.toLines()).containsExactly("held D2FF7D9649 1795000000 mx", "reinjected 4BXY12 1795000001 mx2");
    assertThat(HeldReceptions.fromLines(held.toLines())).isEqualTo(held);
  }

  @Test
  void aCheckpointWrittenBeforeHandoffsHadAHostStillReads() {
    HeldReceptions held = HeldReceptions.fromLines(List.of("reinjected 4BXY12 1795000001"));

    assertThat(held.reinjectedAs()).containsExactly(new HeldReceptions.Reinjection("4BXY12", 1795000001L, null));
    assertThat(held.toLines()).containsExactly("reinjected 4BXY12 1795000001");
  }

  @Test
  void clamdScansAndVerdictsRoundTripInTheirOrder() {
    HeldReceptions held = HeldReceptions.NONE.withScans(List.of(new HeldReceptions.Scan(false, 1795000000L, "mx"),
        new HeldReceptions.Scan(true, 1795000001L, "mx2")));

    assertThat(held.toLines()).containsExactly("scan 1795000000 mx", "verdict 1795000001 mx2");
    assertThat(HeldReceptions.fromLines(held.toLines())).isEqualTo(held);
    assertThat(held.isEmpty()).isFalse();
  }

  @Test
  void anythingElseIsRefused() {
    assertThatThrownBy(() -> HeldReceptions.fromLines(List.of("reinjected 4BXY12")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeldReceptions.fromLines(List.of("scan 1795000000")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
