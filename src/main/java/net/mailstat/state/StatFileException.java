package net.mailstat.state;

/** A stat or checkpoint file whose content cannot be trusted; the message says which and why. */
public final class StatFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public StatFileException(String message) {
    super(message);
  }
}
