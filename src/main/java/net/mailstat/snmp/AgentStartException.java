package net.mailstat.snmp;

/** The agent could not start (typically: a listen address cannot be bound); one-line message. */
public final class AgentStartException extends Exception {
  private static final long serialVersionUID = 1L;

  AgentStartException(String message) {
    super(message);
  }
}
