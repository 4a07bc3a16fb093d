package net.mailstat.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.mailstat.line.LineSink;

/**
 * The loop of a syslog receiver's thread, for every kind of channel: select, give each ready key
 * to its {@link Handler} (the key's attachment), which reads and passes the frames to the
 * {@link BatchWriter}, then hand the batch over or hold it ({@link BatchWriter#roundDone}): it is
 * held while the counting thread is busy, so a steady trickle does not use up the pool one frame
 * per batch, and a select round that waited {@link #HOLD_MILLIS} without traffic hands it over.
 *
 * <p>A handler whose accept or receive failed switches its key off for a {@link RetryPause} made
 * by {@link #pauseFor}; the loop switches it on again once the pause is over and never selects
 * for longer than the pause has left. Owned by the receiver's thread, except {@link #stop}.
 */
final class SelectorLoop implements Closeable {
  /** How long frames wait for a busy counting thread before they are handed over anyway. */
  static final long HOLD_MILLIS = 2;

  /** Reads a ready key; attached to the key when it is registered. */
  @FunctionalInterface
  interface Handler {
    /** {@code key} is ready; complete frames go to {@code frames}. Throws if the socket is gone. */
    void ready(SelectionKey key, LineSink frames) throws IOException;
  }

  private final Selector selector;
  private final List<RetryPause> pauses = new ArrayList<>(1);
  private volatile boolean running = true;

  SelectorLoop() throws IOException {
    selector = Selector.open();
  }

  SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
    return channel.register(selector, ops, handler);
  }

  /** A pause for {@code key}'s interest after failures, resumed by the loop; {@code counted} counts each. */
  RetryPause pauseFor(SelectionKey key, String what, Runnable counted) {
    RetryPause pause = new RetryPause(key, what, counted, System::currentTimeMillis);
    pauses.add(pause);
    return pause;
  }

  /**
   * Selects and reads until {@link #stop}, then hands over what the writer holds; also when a
   * handler throws, so what was received before a failure is still counted.
   */
  void run(BatchWriter writer) throws IOException {
    try {
      while (running) {
        long timeout = writer.holding() ? HOLD_MILLIS : 0;
        for (RetryPause pause : pauses) {
          pause.resumeIfDue();
          timeout = pause.selectMillis(timeout);
        }
        int ready = selector.select(timeout);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (running && it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (key.isValid()) {
            ((Handler) key.attachment()).ready(key, writer);
          }
        }
        writer.roundDone(ready);
      }
    } finally {
      writer.flush();
    }
  }

  /** Whether the loop goes on; a handler reading many frames in one go asks between them. */
  boolean running() {
    return running;
  }

  /** Makes {@link #run} return soon; callable from any thread. */
  void stop() {
    running = false;
    selector.wakeup();
  }

  /** Closes the selector; the channels are their receiver's to close. */
  @Override
  public void close() throws IOException {
    selector.close();
  }
}
