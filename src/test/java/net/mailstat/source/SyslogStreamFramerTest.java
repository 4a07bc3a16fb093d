package net.mailstat.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.mailstat.line.LineSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TCP framing: octet counting and LF framing, chosen per frame, whatever the read boundaries. */
class SyslogStreamFramerTest {
  private static final int MAX = 64;

  /** What a framer produced: frames as strings, "OVERLONG" for each overlong frame, "CUT" at close. */
  private static List<String> frame(byte[] stream, int[] chunkSizes) {
    List<String> out = new ArrayList<>();
    StreamFramer framer = new StreamFramer(new LineSink() {
      @Override
      public void line(byte[] buf, int start, int end) {
        out.add(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
      }

      @Override
      public void overlongLine() {
        out.add("OVERLONG");
      }
    }, MAX);
    int off = 0;
    for (int i = 0; off < stream.length; i++) {
      int n = Math.min(chunkSizes[i % chunkSizes.length], stream.length - off);
      framer.feed(stream, off, n);
      assertThat(framer.pendingBytes()).isLessThanOrEqualTo(MAX + 10);
      off += n;
    }
    if (framer.close()) {
      out.add("CUT");
    }
    return out;
  }

  /** The same result for one write, byte-by-byte reads and random read sizes. */
  private static List<String> frameAllWays(String stream) {
    byte[] bytes = stream.replace("\\n", "\n").replace("\\r", "\r").replace("\\0", "\0")
        .getBytes(StandardCharsets.ISO_8859_1);
    List<String> whole = frame(bytes, new int[] {bytes.length + 1});
    assertThat(frame(bytes, new int[] {1})).as("byte by byte").isEqualTo(whole);
    Random random = new Random(stream.hashCode());
    for (int i = 0; i < 20; i++) {
      int[] sizes = random.ints(8, 1, 12).toArray();
      assertThat(frame(bytes, sizes)).as("reads of %s", java.util.Arrays.toString(sizes)).isEqualTo(whole);
    }
    return whole;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // stream (\\n = LF)                                          | frames, ; separated
      "<13>Nov 23 10:00:00 h p: a\\n<13>Nov 23 10:00:01 h p: b\\n     | <13>Nov 23 10:00:00 h p: a;<13>Nov 23 10:00:01 h p: b",
      "11 <13>1 x y z12 <13>1 x y zz                               | <13>1 x y z;<13>1 x y zz",
      "11 <13>1 x y z\\n<14>plain line\\n8 <15>abcd                 | <13>1 x y z;<14>plain line;<15>abcd",
      "2026-11-23T10:00:00Z host p: iso lines start with digits\\n   | 2026-11-23T10:00:00Z host p: iso lines start with digits",
      "crlf line\\r\\n\\n\\nafter blank lines\\n                     | crlf line;after blank lines",
      "nul terminated\\0nul again\\0                               | nul terminated\u0000nul again",
      "last line without LF                                        | last line without LF",
      "5 <1>ab\\n3 xyz                                              | <1>ab;xyz",
      "0 zero is no count\\n                                        | 0 zero is no count",
      "1234567890 ten digits are no count\\n                        | 1234567890 ten digits are no count",
  })
  void frames(String stream, String expected) {
    assertThat(frameAllWays(stream.strip())).containsExactly(expected.strip().split(";"));
  }

  @Test
  void anOverlongLineIsSkippedToItsLfAndTheNextLineSurvives() {
    String stream = "x".repeat(MAX * 5) + "\\nnext\\n";
    assertThat(frameAllWays(stream)).containsExactly("OVERLONG", "next");
  }

  @Test
  void anOverlongCountedFrameIsSkippedByItsCount() {
    String body = "y".repeat(MAX * 3);
    assertThat(frameAllWays(body.length() + " " + body + "4 next")).containsExactly("OVERLONG", "next");
  }

  @Test
  void aFrameOfExactlyTheLimitPasses() {
    String body = "z".repeat(MAX);
    assertThat(frameAllWays(MAX + " " + body + body + "\\n")).containsExactly(body, body);
  }

  @Test
  void aCountThatClaimsMoreThanTheConnectionSendsIsCutAtClose() {
    assertThat(frameAllWays("4 good50 <13>1 only a few bytes")).containsExactly("good", "CUT");
  }

  @Test
  void aCountThatClaimsTooLittleShiftsTheRestIntoTheNextFrame() {
    assertThat(frameAllWays("3 <13>1 rest of frame\\n5 after")).containsExactly("<13", ">1 rest of frame", "after");
  }

  @Test
  void anEndlessLineNeverHoldsMoreThanTheLimit() {
    StreamFramer framer = new StreamFramer(new LineSink() {
      int overlong;

      @Override
      public void line(byte[] buf, int start, int end) {
        throw new AssertionError("no line expected");
      }

      @Override
      public void overlongLine() {
        assertThat(++overlong).isEqualTo(1);
      }
    }, MAX);
    byte[] chunk = "endless ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 1000; i++) {
      framer.feed(chunk, 0, chunk.length);
      assertThat(framer.pendingBytes()).isLessThanOrEqualTo(MAX);
    }
  }

  @Test
  void binaryGarbageBecomesLinesAndNeverThrows() {
    Random random = new Random(42);
    byte[] garbage = new byte[200_000];
    random.nextBytes(garbage);
    List<String> out = frame(garbage, new int[] {1, 7, 4096, 3});
    assertThat(out).isNotEmpty();
    assertThat(out).allSatisfy(f -> assertThat(f.length()).isLessThanOrEqualTo(MAX));
  }
}
