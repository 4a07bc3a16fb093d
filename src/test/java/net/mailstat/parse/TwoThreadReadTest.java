package net.mailstat.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.mailstat.line.LineSink;
import net.mailstat.source.LineSplitter;
import org.junit.jupiter.api.Test;

/** mailstat parse reads on two threads; the lines it delivers must be exactly those of one thread. */
class TwoThreadReadTest {
  private static final class Recorder implements LineSink {
    final List<String> events = new ArrayList<>();

    @Override
    public void line(byte[] buf, int start, int end) {
      events.add(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void overlongLine() {
      events.add("<overlong>");
    }
  }

  @Test
  void sameLinesInTheSameOrderAsOneThread() throws IOException {
    Random random = new Random(11);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    for (int i = 0; i < 60_000; i++) {
      int kind = random.nextInt(100);
      if (kind == 0) {
        input.write(new byte[3000 + random.nextInt(5000)]);
      } else if (kind == 1) {
        byte[] noise = new byte[random.nextInt(300)];
        random.nextBytes(noise);
        input.write(noise);
      } else {
        byte[] line = ("Nov 23 18:56:%02d mx postfix/smtpd[%d]: line %d\r".formatted(i % 60, i, i))
            .getBytes(StandardCharsets.ISO_8859_1);
        input.write(line, 0, line.length - random.nextInt(12));
      }
      input.write('\n');
    }
    input.write("last line without newline".getBytes(StandardCharsets.ISO_8859_1));
    byte[] bytes = input.toByteArray();

    Recorder one = new Recorder();
    new LineSplitter(one, 2048).readAll(new ByteArrayInputStream(bytes));
    Recorder two = new Recorder();
    LineSplitter.readAllOnTwoThreads(new ByteArrayInputStream(bytes), two, 2048);

    assertThat(one.events).contains("<overlong>").hasSizeGreaterThan(60_000);
    assertThat(two.events).isEqualTo(one.events);
  }
}
