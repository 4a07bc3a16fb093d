package net.mailstat.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The contract of the pipe between two threads: order, the bound, end, failure, close and interrupt. */
class BatchPipeTest {
  private static final long WAIT_MILLIS = 10_000;

  /** A batch that is one number; the pool makes them with a serial number to tell them apart. */
  private static final class Box {
    final int serial;
    int value = -1;

    Box(int serial) {
      this.serial = serial;
    }
  }

  private static BatchPipe<Box> pipe(int batches) {
    AtomicInteger serials = new AtomicInteger();
    return new BatchPipe<>(batches, () -> new Box(serials.getAndIncrement()));
  }

  /** A thread that called into the pipe: what the call returned or threw, once it ended. */
  private static final class Caller {
    final AtomicReference<Object> returned = new AtomicReference<>();
    final AtomicReference<Throwable> threw = new AtomicReference<>();
    final Thread thread;

    Caller(Callable<?> call) {
      thread = new Thread(() -> {
        try {
          returned.set(call.call());
        } catch (Throwable t) {
          threw.set(t);
        }
      }, "caller under test");
      thread.start();
    }

    /** Waits until the call blocks (waits on a lock or condition); false if it ended or did not block in time. */
    boolean blocks() {
      long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
      while (System.nanoTime() < deadline) {
        Thread.State state = thread.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
          return true;
        }
        if (state == Thread.State.TERMINATED) {
          return false;
        }
        Thread.onSpinWait();
      }
      return false;
    }

    /** Waits for the call to end; false if it did not in time. */
    boolean ended() throws InterruptedException {
      thread.join(WAIT_MILLIS);
      return !thread.isAlive();
    }
  }

  @Test
  void batchesArriveInTheOrderTheyWerePutThroughASmallPool() throws Exception {
    BatchPipe<Box> pipe = pipe(3);
    pipe.startProducer("producer under test", () -> {
      for (int i = 0; i < 10_000; i++) {
        Box box = pipe.takeFree();
        box.value = i;
        pipe.put(box);
      }
    });
    List<Integer> got = new ArrayList<>();
    List<Integer> serials = new ArrayList<>();
    pipe.consume(box -> {
      got.add(box.value);
      serials.add(box.serial);
    });
    assertThat(got).hasSize(10_000);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).isEqualTo(i);
    }
    assertThat(serials).as("only the pool's batches travel").allMatch(s -> s >= 0 && s < 3);
  }

  @Test
  void aProducerWaitsWhileEveryBatchIsInUseAndGoesOnWhenOneIsRecycled() throws Exception {
    BatchPipe<Box> pipe = pipe(2);
    pipe.put(pipe.takeFree());
    pipe.put(pipe.takeFree());
    assertThat(pipe.pollFree()).as("no free batch").isNull();
    Caller producer = new Caller(pipe::takeFree);
    assertThat(producer.blocks()).as("the producer waits for a free batch").isTrue();
    assertThat(producer.returned.get()).isNull();
    Box first = pipe.take();
    pipe.recycle(first);
    assertThat(producer.ended()).isTrue();
    assertThat(producer.returned.get()).isSameAs(first);
  }

  @Test
  void theEndComesAfterTheBatchesPutBeforeItAndStays() throws Exception {
    BatchPipe<Box> pipe = pipe(3);
    Box a = pipe.takeFree();
    Box b = pipe.takeFree();
    pipe.put(a);
    pipe.put(b);
    pipe.end();
    assertThat(pipe.atEnd()).as("batches still waiting").isFalse();
    assertThat(pipe.take()).isSameAs(a);
    assertThat(pipe.poll(0)).isSameAs(b);
    assertThat(pipe.take()).isNull();
    assertThat(pipe.poll(WAIT_MILLIS)).as("returns at once at the end").isNull();
    assertThat(pipe.atEnd()).isTrue();
    assertThatThrownBy(() -> pipe.put(pipe.takeFree())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailureReachesTheConsumerAfterTheBatchesPutBeforeIt() throws Exception {
    BatchPipe<Box> pipe = pipe(3);
    IOException why = new IOException("disk gone");
    pipe.startProducer("failing producer", () -> {
      Box box = pipe.takeFree();
      box.value = 7;
      pipe.put(box);
      throw why;
    });
    List<Integer> got = new ArrayList<>();
    assertThatThrownBy(() -> pipe.consume(box -> got.add(box.value)))
        .isInstanceOf(BatchPipe.ProducerFailed.class)
        .hasCause(why);
    assertThat(got).containsExactly(7);
  }

  /** drainFrom with a producer that puts one batch and then throws {@code why}. */
  private static Throwable drainFailing(Throwable why, List<Integer> got) {
    BatchPipe<Box> pipe = pipe(2);
    try {
      pipe.drainFrom("failing reader", () -> {
        Box box = pipe.takeFree();
        box.value = 1;
        pipe.put(box);
        if (why instanceof Exception e) {
          throw e;
        }
        throw (Error) why;
      }, box -> got.add(box.value));
      return null;
    } catch (IOException | RuntimeException | Error e) {
      return e;
    }
  }

  @Test
  void drainFromThrowsTheProducersOwnExceptionOnTheConsumersThread() {
    List<Integer> got = new ArrayList<>();
    IOException io = new IOException("read failed");
    assertThat(drainFailing(io, got)).isSameAs(io);
    assertThat(got).as("after the batch put before").containsExactly(1);
    UncheckedIOException unchecked = new UncheckedIOException(io);
    assertThat(drainFailing(unchecked, got)).isSameAs(unchecked);
    StackOverflowError error = new StackOverflowError("deep");
    assertThat(drainFailing(error, got)).isSameAs(error);
    Exception other = new Exception("checked, not an IOException");
    assertThat(drainFailing(other, got)).isInstanceOf(IllegalStateException.class).hasCause(other);
    assertThat(got).containsExactly(1, 1, 1, 1);
  }

  @Test
  void drainFromTurnsAnInterruptOfTheConsumerIntoAnInterruptedIoException() throws Exception {
    BatchPipe<Box> pipe = pipe(1);
    Caller consumer = new Caller(() -> {
      pipe.drainFrom("silent reader", () -> {
        pipe.takeFree();
        pipe.takeFree(); // the pool has one batch: waits until the consumer closes the pipe
      }, box -> { });
      return null;
    });
    assertThat(consumer.blocks()).isTrue();
    consumer.thread.interrupt();
    assertThat(consumer.ended()).isTrue();
    assertThat(consumer.threw.get()).isInstanceOf(java.io.InterruptedIOException.class);
  }

  @Test
  void anErrorInTheProducerThreadIsCarriedToo() throws Exception {
    BatchPipe<Box> pipe = pipe(2);
    StackOverflowError error = new StackOverflowError("thrown by the test");
    pipe.startProducer("producer with an error", () -> {
      throw error;
    });
    assertThatThrownBy(pipe::take).isInstanceOf(BatchPipe.ProducerFailed.class).hasCause(error);
    assertThatThrownBy(pipe::take).as("and again").isInstanceOf(BatchPipe.ProducerFailed.class);
  }

  @Test
  void closingWakesAWaitingProducerWithClosedAndIgnoresItsEnd() throws Exception {
    BatchPipe<Box> pipe = pipe(1);
    pipe.put(pipe.takeFree());
    Caller producer = new Caller(pipe::takeFree);
    assertThat(producer.blocks()).isTrue();
    pipe.close();
    assertThat(producer.ended()).isTrue();
    assertThat(producer.threw.get()).isInstanceOf(BatchPipe.Closed.class);
    assertThatThrownBy(pipe::pollFree).isInstanceOf(BatchPipe.Closed.class);
    pipe.fail(new IOException("after close"));
    pipe.end();
    assertThat(pipe.take()).as("the closed pipe's batches were dropped").isNull();
  }

  @Test
  void whenTheConsumerFailsTheProducerEndsAtItsNextBatch() throws Exception {
    BatchPipe<Box> pipe = pipe(2);
    AtomicInteger produced = new AtomicInteger();
    Thread producer = pipe.startProducer("endless producer", () -> {
      while (true) {
        Box box = pipe.takeFree();
        box.value = produced.getAndIncrement();
        pipe.put(box);
      }
    });
    assertThatThrownBy(() -> pipe.consume(box -> {
      throw new IllegalArgumentException("the consumer's own failure");
    })).isInstanceOf(IllegalArgumentException.class);
    producer.join(WAIT_MILLIS);
    assertThat(producer.isAlive()).as("the producer ended").isFalse();
    assertThat(produced.get()).as("bounded by the pool, not by the time it ran").isLessThanOrEqualTo(2);
  }

  @Test
  void aTimedPollReturnsNullWhenNothingCameWithoutEndingThePipe() throws Exception {
    BatchPipe<Box> pipe = pipe(2);
    assertThat(pipe.poll(20)).isNull();
    assertThat(pipe.atEnd()).isFalse();
    assertThat(pipe.isEmpty()).isTrue();
    Box box = pipe.takeFree();
    pipe.put(box);
    assertThat(pipe.isEmpty()).isFalse();
    assertThat(pipe.poll(20)).isSameAs(box);
  }

  @Test
  void waitingThreadsCanBeInterrupted() throws Exception {
    BatchPipe<Box> pipe = pipe(1);
    Caller consumer = new Caller(pipe::take);
    assertThat(consumer.blocks()).isTrue();
    consumer.thread.interrupt();
    assertThat(consumer.ended()).isTrue();
    assertThat(consumer.threw.get()).isInstanceOf(InterruptedException.class);

    pipe.put(pipe.takeFree());
    Caller producer = new Caller(pipe::takeFree);
    assertThat(producer.blocks()).isTrue();
    producer.thread.interrupt();
    assertThat(producer.ended()).isTrue();
    assertThat(producer.threw.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void aBatchFromElsewhereIsRefused() throws Exception {
    BatchPipe<Box> pipe = pipe(1);
    assertThatThrownBy(() -> pipe.put(new Box(99))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pipe.recycle(new Box(99))).isInstanceOf(IllegalStateException.class);
  }
}
