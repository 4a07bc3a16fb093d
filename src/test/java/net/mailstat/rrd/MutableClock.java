package net.mailstat.rrd;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand. */
final class MutableClock extends Clock {
  private Instant now;

  MutableClock(long epochSecond) {
    this.now = Instant.ofEpochSecond(epochSecond);
  }

  void set(long epochSecond) {
    now = Instant.ofEpochSecond(epochSecond);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
