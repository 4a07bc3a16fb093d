package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Year inference for year-less timestamps, as mailgraph's Parse::Syslog does it, plus a better first guess. */
class Rfc3164ClockTest {
  private static Instant at(Rfc3164Clock clock, int month, int day, int hour) {
    return Instant.ofEpochSecond(clock.epochSecond(month - 1, day, hour, 0, 0));
  }

  private static Clock now(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  @Test
  void rollsOverAtNewYearInsideOneFile() {
    Rfc3164Clock clock = new Rfc3164Clock(ZoneOffset.UTC, now("2027-01-02T00:00:00Z"), 2026);

    assertThat(at(clock, 12, 31, 23)).isEqualTo("2026-12-31T23:00:00Z");
    assertThat(at(clock, 1, 1, 0)).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(at(clock, 1, 2, 0)).isEqualTo("2027-01-02T00:00:00Z");
  }

  @Test
  void aLateDecemberLineAmongJanuaryLinesBelongsToTheOldYear() {
    Rfc3164Clock clock = new Rfc3164Clock(ZoneOffset.UTC, now("2027-01-02T00:00:00Z"), 2026);
    at(clock, 12, 31, 23);
    at(clock, 1, 1, 0);

    assertThat(at(clock, 12, 31, 23)).isEqualTo("2026-12-31T23:00:00Z");
    assertThat(at(clock, 1, 1, 1)).isEqualTo("2027-01-01T01:00:00Z");
  }

  @Test
  void yearOptionSetsTheFirstLinesYear() {
    Rfc3164Clock clock = new Rfc3164Clock(ZoneOffset.UTC, now("2026-11-24T00:00:00Z"), 2019);

    assertThat(at(clock, 11, 23, 18)).isEqualTo("2019-11-23T18:00:00Z");
  }

  @Test
  void withoutYearTheCurrentYearIsUsed() {
    Rfc3164Clock clock = new Rfc3164Clock(ZoneOffset.UTC, now("2026-11-24T12:00:00Z"), null);

    assertThat(at(clock, 11, 23, 18)).isEqualTo("2026-11-23T18:00:00Z");
  }

  @Test
  void aLogStartingInDecemberReadInJanuaryStartsLastYear() {
    Rfc3164Clock clock = new Rfc3164Clock(ZoneOffset.UTC, now("2027-01-03T08:00:00Z"), null);

    assertThat(at(clock, 12, 30, 10)).isEqualTo("2026-12-30T10:00:00Z");
    assertThat(at(clock, 1, 2, 10)).isEqualTo("2027-01-02T10:00:00Z");
  }

  @Test
  void timestampsAreInTheGivenZone() {
    Rfc3164Clock clock = new Rfc3164Clock(ZoneId.of("Europe/Zurich"), now("2026-11-24T00:00:00Z"), 2026);

    assertThat(at(clock, 11, 23, 18)).isEqualTo("2026-11-23T17:00:00Z");
    assertThat(at(clock, 7, 1, 18)).isEqualTo("2026-07-01T16:00:00Z");
  }

  @Test
  void impossibleDatesAreRefused() {
    Rfc3164Clock clock = new Rfc3164Clock(ZoneOffset.UTC, now("2026-11-24T00:00:00Z"), 2026);

    assertThat(clock.epochSecond(1, 29, 0, 0, 0)).isEqualTo(-1);
    assertThat(clock.epochSecond(10, 31, 0, 0, 0)).isEqualTo(-1);
    assertThat(clock.epochSecond(1, 28, 0, 0, 0)).isPositive();
  }
}
