package net.mailstat.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The long-running commands' parts close newest first, once, whatever fails on the way. */
class ServicesTest {
  private final List<String> closed = new ArrayList<>();

  private AutoCloseable part(String name) {
    return () -> closed.add(name);
  }

  @Test
  void partsCloseInTheReverseOfTheirStartAndOnlyOnce() {
    Services services = new Services();
    services.add("history", part("history"));
    services.add("counting", part("counting"));
    services.add("agent", part("agent"));

    services.close();
    services.close();

    assertThat(closed).containsExactly("agent", "counting", "history");
  }

  @Test
  void aStartThatFailsClosesWhatWasStartedBeforeIt() {
    assertThatThrownBy(() -> {
      try (Services services = new Services()) {
        services.add("history", part("history"));
        services.add("counting", part("counting"));
        throw new IllegalStateException("the agent's port is taken");
      }
    }).hasMessage("the agent's port is taken");

    assertThat(closed).containsExactly("counting", "history");
  }

  @Test
  void aPartThatFailsToCloseDoesNotKeepTheOthersOpen() {
    Services services = new Services();
    services.add("history", part("history"));
    services.add("broken", () -> {
      throw new java.io.IOException("disk gone");
    });
    services.add("web", part("web"));

    services.close();

    assertThat(closed).containsExactly("web", "history");
  }

  @Test
  void aPartStartedAfterTheStopIsClosedAtOnce() {
    Services services = new Services();
    services.close();

    assertThatThrownBy(() -> services.add("late", part("late"))).isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("late");
  }
}
