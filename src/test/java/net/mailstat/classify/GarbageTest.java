package net.mailstat.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.mailstat.count.Category;
import net.mailstat.source.LineSplitter;
import org.junit.jupiter.api.Test;

/** Input that is not syslog is counted as unparsed and never stops or skews the counting. */
class GarbageTest {
  private static final String REJECT = "Nov 23 18:56:35 mx postfix/smtpd[4678]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: "
      + "554 5.7.1 <spam@example.org>: Relay access denied; from=<x@example.net> to=<spam@example.org> proto=ESMTP helo=<x>";

  private static Run split(byte[] input, int maxLineBytes) throws IOException {
    Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, java.util.Set.of()));
    new LineSplitter(run.classifier, maxLineBytes).readAll(new ByteArrayInputStream(input));
    return run.finish();
  }

  private static byte[] concat(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void garbageLinesAreUnparsedAndTheGoodOnesStillCount() throws IOException {
    byte[] binary = new byte[300];
    new Random(7).nextBytes(binary);
    for (int i = 0; i < binary.length; i++) {
      if (binary[i] == '\n') {
        binary[i] = 0;
      }
    }
    byte[] input = concat(
        ascii(REJECT + "\n"),
        ascii("\n"),
        binary, ascii("\n"),
        ascii("Nov 23 18:56:35 mx postfix/smtpd[46\n"),
        ascii("\0\0\0\0\n"),
        new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'},
        ascii(REJECT + "\r\n"),
        ascii(REJECT));

    Run run = split(input, 64 * 1024);

    assertThat(run.get(Category.REJECTED)).isEqualTo(3);
    assertThat(run.lines().lines()).isEqualTo(8);
    assertThat(run.lines().unparsed()).isEqualTo(5);
  }

  @Test
  void invalidUtf8InsideAMessageDoesNotStopItCounting() throws IOException {
    byte[] line = concat(ascii("Nov 23 18:56:35 mx postfix/smtpd[4678]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 550 "),
        new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xff, (byte) 0xe2, (byte) 0x82},
        ascii(" user unknown; from=<x@example.net> to=<a@example.org> proto=ESMTP helo=<x>"));

    Run run = new Run(RuleSet.builtin(), Run.options(Mode.DEFAULT, java.util.Set.of())).feedBytes(line).finish();

    assertThat(run.get(Category.REJECTED)).isEqualTo(1);
    assertThat(run.lines().unparsed()).isZero();
  }

  @Test
  void aMegabyteLineIsSkippedAsOverlongAndTheNextLineCounts() throws IOException {
    byte[] huge = new byte[3 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'a');
    byte[] input = concat(ascii(REJECT + "\n"), ascii("Nov 23 18:56:35 mx postfix/smtpd[1]: "), huge, ascii("\n"),
        ascii(REJECT + "\n"));

    Run run = split(input, 64 * 1024);

    assertThat(run.get(Category.REJECTED)).isEqualTo(2);
    assertThat(run.lines().overlong()).isEqualTo(1);
    assertThat(run.lines().unparsed()).isEqualTo(1);
    assertThat(run.lines().lines()).isEqualTo(3);
  }

  @Test
  void aLineJustUnderTheLimitIsReadAndOneJustOverIsNot() throws IOException {
    String padded = REJECT + " ".repeat(1000 - REJECT.length());
    Run under = split(ascii(padded + "\n" + padded + "x\n"), 1000);

    assertThat(under.get(Category.REJECTED)).isEqualTo(1);
    assertThat(under.lines().overlong()).isEqualTo(1);
  }

  @Test
  void randomBytesNeverThrow() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      byte[] noise = new byte[random.nextInt(4000)];
      random.nextBytes(noise);
      byte[] withSyslogishPrefixes = concat(ascii("Nov 23 18:56:35 mx postfix/smtpd[1]: "), noise, ascii("\n<22>1 "), noise,
          ascii("\n2026-11-23T18:56:29Z mx amavis[1]: ("), noise, ascii("\n@4000"), noise);

      Run run = split(withSyslogishPrefixes, 1024);

      long breaks = 0;
      for (byte b : withSyslogishPrefixes) {
        breaks += b == '\n' ? 1 : 0;
      }
      long lastLine = withSyslogishPrefixes[withSyslogishPrefixes.length - 1] == '\n' ? 0 : 1;
      assertThat(run.lines().lines()).as("round %d: every line read (overlong ones too), none lost", round)
          .isEqualTo(breaks + lastLine);
      for (Category c : Category.all()) {
        assertThat(run.get(c)).as("round %d: noise counts no %s", round, c.key()).isZero();
      }
    }
  }
}
