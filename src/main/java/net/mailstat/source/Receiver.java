package net.mailstat.source;

import java.io.Closeable;
import java.io.IOException;
import net.mailstat.line.BatchPipe;

/** The network half of a syslog listener: bound at creation, receives on its own thread. */
interface Receiver extends Closeable {
  /** The bound port (useful when port 0 was asked for). */
  int port();

  /**
   * Receives frames into {@code pipe} until {@link #stop()}, then hands over what it holds and
   * returns; throws if the socket fails.
   */
  void receive(BatchPipe<FrameBatch> pipe) throws IOException;

  /** Makes {@link #receive} return soon; callable from any thread. */
  void stop();
}
