package net.mailstat.check;

/** A Nagios plugin's status and its exit code. */
public enum Status {
  OK(0),
  WARNING(1),
  CRITICAL(2),
  UNKNOWN(3);

  private final int exitCode;

  Status(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public Status worst(Status other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
