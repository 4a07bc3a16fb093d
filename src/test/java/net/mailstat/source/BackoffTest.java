package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pauses between retries: doubling to a cap, reset by a success; a paused key and its return. */
class BackoffTest {
  @Test
  void pausesDoubleUpToTheLongestAndStartAgainAfterASuccess() {
    Backoff b = new Backoff(50, 300);
    assertThat(b.failed(1000)).isEqualTo(50);
    assertThat(b.failed(2000)).isEqualTo(100);
    assertThat(b.failed(3000)).isEqualTo(200);
    assertThat(b.failed(4000)).isEqualTo(300);
    assertThat(b.failed(5000)).isEqualTo(300);
    assertThat(b.failures()).isEqualTo(5);
    assertThat(b.succeeded()).as("failures before the success").isEqualTo(5);
    assertThat(b.succeeded()).isZero();
    assertThat(b.failed(6000)).isEqualTo(50);
  }

  @Test
  void thePauseLastsFromTheFailureForItsLength() {
    Backoff b = new Backoff(50, 300);
    assertThat(b.pausing(0)).isFalse();
    b.failed(1000);
    assertThat(b.pausing(1049)).isTrue();
    assertThat(b.remaining(1010)).isEqualTo(40);
    assertThat(b.pausing(1050)).isFalse();
    assertThat(b.remaining(1050)).isZero();
    b.failed(1100);
    b.succeeded();
    assertThat(b.pausing(1101)).as("a success ends the pause").isFalse();
  }

  @Test
  void aFailedAcceptSwitchesTheKeyOffForThePauseAndOnAfterIt() throws IOException {
    AtomicLong now = new AtomicLong(10_000);
    AtomicInteger counted = new AtomicInteger();
    try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      server.configureBlocking(false);
      SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
      RetryPause pause = new RetryPause(key, "accepting in the test", counted::incrementAndGet, now::get);
      assertThat(pause.selectMillis(0)).as("no pause: the loop's own timeout").isZero();
      pause.failed(new IOException("Too many open files"));
      assertThat(counted).hasValue(1);
      assertThat(key.interestOps()).isZero();
      assertThat(pause.paused()).isTrue();
      assertThat(pause.selectMillis(0)).isEqualTo(RetryPause.FIRST_MILLIS);
      assertThat(pause.selectMillis(2)).isEqualTo(2);
      now.addAndGet(RetryPause.FIRST_MILLIS - 1);
      pause.resumeIfDue();
      assertThat(key.interestOps()).isZero();
      now.addAndGet(1);
      pause.resumeIfDue();
      assertThat(key.interestOps()).isEqualTo(SelectionKey.OP_ACCEPT);
      assertThat(pause.paused()).isFalse();
      pause.failed(new IOException("Too many open files"));
      assertThat(pause.selectMillis(0)).as("the second failure in a row waits twice as long")
          .isEqualTo(2 * RetryPause.FIRST_MILLIS);
    }
  }
}
