package net.mailstat.cli;

/** A failure caused by the user's input or environment; printed as one line, exit code 1. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message);
  }
}
