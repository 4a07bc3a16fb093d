package net.mailstat.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** postqueue -j output as Postfix 3.7 prints it, and the lines a hostile or broken command could print instead. */
class PostqueueOutputTest {
  /** A deferred entry exactly as Postfix 3.7 writes it. */
  static final String DEFERRED = "{\"queue_name\": \"deferred\", \"queue_id\": \"3136220C0FE\", \"arrival_time\": 1796365495, "
      + "\"message_size\": 272, \"forced_expire\": false, \"sender\": \"sender@queue-it.test\", \"recipients\": "
      + "[{\"address\": \"rcpt1@example.net\", \"delay_reason\": \"connect to 127.0.0.1[127.0.0.1]:9: Connection refused\"}]}";
  static final long NOW = 1796365600L;

  static PostqueueOutput.Tally read(String text) throws IOException {
    return PostqueueOutput.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), NOW);
  }

  @Test
  void realPostfix37OutputGivesEachQueuesCountBytesAndOldestAge() throws IOException {
    PostqueueOutput.Tally t;
    try (InputStream in = getClass().getResourceAsStream("/queue/postqueue-3.7.jsonl")) {
      t = PostqueueOutput.read(in, NOW);
    }
    assertThat(t.unparsedLines()).isZero();
    assertThat(t.queues()).isEqualTo(Map.of(
        QueueName.MAILDROP, new QueueTotals(2, 118 + 135, NOW - 1796365506L),
        QueueName.DEFERRED, new QueueTotals(3, 272 + 5269 + 272, NOW - 1796365495L),
        QueueName.HOLD, new QueueTotals(1, 272, NOW - 1796365495L)));
    QueueSnapshot s = t.snapshot(NOW);
    assertThat(s.up()).isTrue();
    assertThat(s.totals(QueueName.ACTIVE)).isEqualTo(QueueTotals.EMPTY);
    assertThat(s.totals(QueueName.INCOMING)).isEqualTo(QueueTotals.EMPTY);
    assertThat(s.describe()).isEqualTo("up, 6 messages");
  }

  @Test
  void noOutputIsEmptyQueuesNotAnError() throws IOException {
    PostqueueOutput.Tally t = read("");
    assertThat(t.queues()).isEmpty();
    assertThat(t.unparsedLines()).isZero();
    assertThat(t.snapshot(NOW).queues()).hasSize(QueueName.values().length);
  }

  @Test
  void membersInAnyOrderUnknownMembersAndCrlfAreAccepted() throws IOException {
    String reordered = "{\"future\": {\"a\": [1, -2.5e3, null, true, \"x\\u00e9\"]}, \"message_size\": 10, "
        + "\"arrival_time\": 1796365590, \"queue_name\": \"active\"}";
    PostqueueOutput.Tally t = read("\n" + reordered + "\r\n\n" + DEFERRED + "\n   \n");
    assertThat(t.unparsedLines()).isZero();
    assertThat(t.queues()).containsEntry(QueueName.ACTIVE, new QueueTotals(1, 10, 10))
        .containsEntry(QueueName.DEFERRED, new QueueTotals(1, 272, NOW - 1796365495L));
  }

  @Test
  void aSenderOrRecipientCannotPoseAsTheQueueName() throws IOException {
    String posing = "{\"queue_name\": \"deferred\", \"arrival_time\": 1796365495, \"message_size\": 1, "
        + "\"sender\": \"x\\\", \\\"queue_name\\\": \\\"hold\", \"recipients\": [{\"queue_name\": \"hold\"}]}";
    PostqueueOutput.Tally t = read(posing + "\n");
    assertThat(t.queues()).containsOnlyKeys(QueueName.DEFERRED);
    assertThat(t.unparsedLines()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "garbage",
      "postqueue: warning: Mail system is down -- accessing queue directly",
      "{",
      "{}",
      "[1, 2]",
      "{\"queue_name\": \"deferred\", \"message_size\": 272}",
      "{\"queue_name\": \"corrupt\", \"arrival_time\": 1, \"message_size\": 1}",
      "{\"queue_name\": \"deferred\", \"queue_name\": \"hold\", \"arrival_time\": 1, \"message_size\": 1}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"arrival_time\": 2, \"message_size\": 1}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": -1, \"message_size\": 1}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1.5}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1e9}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": \"272\"}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1234567890123456789}",
      "{\"queue_name\": \"def\\u0065rred\", \"arrival_time\": 1, \"message_size\": 1}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1, \"sender\": \"unterminated}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1, \"sender\": \"bad \\q escape\"}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1, \"sender\": \"tab\there\"}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1, \"x\": tru}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1, \"x\": [1 2]}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1} trailing",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1}}",
      "{\"queue_name\": \"deferred\" \"arrival_time\": 1, \"message_size\": 1}",
      "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1,}",
  })
  void aLineThatIsNotAQueueEntryIsCountedUnparsedAndTheNextLineStillCounts(String line) throws IOException {
    PostqueueOutput.Tally t = read(line + "\n" + DEFERRED + "\n");
    assertThat(t.unparsedLines()).isEqualTo(1);
    assertThat(t.queues()).isEqualTo(Map.of(QueueName.DEFERRED, new QueueTotals(1, 272, NOW - 1796365495L)));
  }

  @Test
  void deepNestingIsUnparsedNotAStackOverflow() throws IOException {
    String deep = "{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 1, \"x\": "
        + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    PostqueueOutput.Tally t = read(deep + "\n" + DEFERRED);
    assertThat(t.unparsedLines()).isEqualTo(1);
    assertThat(t.queues()).containsOnlyKeys(QueueName.DEFERRED);
  }

  @Test
  void aFutureArrivalTimeIsAgeZeroAndAHugeSumSaturates() throws IOException {
    String future = "{\"queue_name\": \"hold\", \"arrival_time\": 1896365495, \"message_size\": 999999999999999999}";
    PostqueueOutput.Tally t = read((future + "\n").repeat(20));
    assertThat(t.queues().get(QueueName.HOLD)).isEqualTo(new QueueTotals(20, Long.MAX_VALUE, 0));
  }

  @Test
  void aMillionEntriesAndAHundredMegabyteLineAreReadInConstantMemory() throws IOException {
    long before = usedHeap();
    PostqueueOutput.Tally many = PostqueueOutput.read(new Repeated(DEFERRED + "\n", 1_000_000), NOW);
    assertThat(many.queues().get(QueueName.DEFERRED).messages()).isEqualTo(1_000_000);
    String recipient = "{\"address\": \"rcpt1@example.net\", \"delay_reason\": \"connect to 127.0.0.1[127.0.0.1]:9\"}, ";
    String head = "{\"queue_name\": \"incoming\", \"arrival_time\": 1796365495, \"message_size\": 5, \"recipients\": [";
    InputStream oneLine = new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
        new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)),
        new Repeated(recipient, 100_000_000 / recipient.length()),
        new ByteArrayInputStream("{}]}\n".getBytes(StandardCharsets.US_ASCII)))));
    PostqueueOutput.Tally huge = PostqueueOutput.read(oneLine, NOW);
    assertThat(huge.queues()).isEqualTo(Map.of(QueueName.INCOMING, new QueueTotals(1, 5, NOW - 1796365495L)));
    assertThat(usedHeap() - before).as("heap growth").isLessThan(32L << 20);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    System.gc();
    return r.totalMemory() - r.freeMemory();
  }

  /** {@code text} {@code times} times, generated as it is read. */
  static final class Repeated extends InputStream {
    private final byte[] unit;
    private long left;
    private int pos;

    Repeated(String text, long times) {
      this.unit = text.getBytes(StandardCharsets.UTF_8);
      this.left = times;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = 0;
      while (n < len && left > 0) {
        int chunk = Math.min(len - n, unit.length - pos);
        System.arraycopy(unit, pos, b, off + n, chunk);
        n += chunk;
        pos += chunk;
        if (pos == unit.length) {
          pos = 0;
          left--;
        }
      }
      return n;
    }
  }
}
