package net.mailstat.state;

import java.io.IOException;

/**
 * A file mailstat was about to read, open or replace is not one it may trust: a symbolic link, a
 * FIFO or other non-regular file, or a file owned by another user. The message says what was found.
 */
public final class UntrustedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  UntrustedFileException(String message) {
    super(message);
  }
}
