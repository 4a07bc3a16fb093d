package net.mailstat.rrd;

/** A file or argument the rrd tools cannot use; the message is one line for the user. */
public final class RrdToolException extends Exception {
  private static final long serialVersionUID = 1L;

  public RrdToolException(String message) {
    super(message);
  }
}
