package net.mailstat.config;

/** A configuration mistake; the message is one line that names the file and line. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
