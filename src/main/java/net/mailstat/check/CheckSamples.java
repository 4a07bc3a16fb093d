package net.mailstat.check;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import net.mailstat.state.AtomicFiles;
import net.mailstat.count.Category;
import net.mailstat.count.CounterSnapshot;

/**
 * The check plugin's memory between runs: the last sample it kept and the one before. Runs on one
 * file take turns under a lock on a side file ({@code FILE.lock}, never replaced) and replace the
 * file atomically, so concurrent runs never read half a file or lose each other's sample (the
 * race of check_mailstat.pl's {@code .old} file). A sample is kept only when the last one is at
 * least {@link #MIN_INTERVAL_MILLIS} old; a run sooner than that measures against the one before,
 * so twenty runs in the same second all report the rate over a real interval.
 */
public final class CheckSamples {
  public static final long MIN_INTERVAL_MILLIS = 30_000;
  private static final String HEADER = "mailstat-check 1";
  private static final long LOCK_WAIT_MILLIS = 10_000;

  private CheckSamples() {}

  /** What a run measures against, and whether the file was unreadable (then it starts over). */
  public record Earlier(Optional<Sample> sample, boolean startedOver) {}

  /**
   * Under the lock: reads the kept samples, picks the one {@code now} is measured against (none
   * if no kept sample is old enough), keeps {@code now} if due, and releases the lock. A first run
   * and a reset keep {@code now} at once, as both samples; the reset is measured against the last
   * sample, so that it is seen.
   */
  public static Earlier exchange(Path file, Sample now) throws IOException {
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = acquire(lockChannel, lockFile)) {
      List<Sample> kept;
      boolean startedOver = false;
      try {
        kept = read(file);
      } catch (IllegalArgumentException e) {
        kept = List.of();
        startedOver = true;
      }
      Sample last = kept.isEmpty() ? null : kept.get(0);
      Sample previous = kept.size() > 1 ? kept.get(1) : null;
      boolean reset = last != null && decreased(last.counts(), now.counts());
      Optional<Sample> against;
      if (last == null || reset) {
        against = Optional.ofNullable(last);
        write(file, now, now);
      } else if (now.epochMillis() - last.epochMillis() >= MIN_INTERVAL_MILLIS) {
        against = Optional.of(last);
        write(file, now, last);
      } else if (previous != null && now.epochMillis() - previous.epochMillis() >= MIN_INTERVAL_MILLIS) {
        against = Optional.of(previous);
      } else {
        against = Optional.empty();
      }
      return new Earlier(against, startedOver);
    }
  }

  private static FileLock acquire(FileChannel channel, Path lockFile) throws IOException {
    long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
    while (true) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock != null) {
        return lock;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException(lockFile + " is held by another check for more than 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + lockFile);
      }
    }
  }

  private static boolean decreased(CounterSnapshot before, CounterSnapshot now) {
    for (Category c : Category.all()) {
      if (now.get(c) < before.get(c)) {
        return true;
      }
    }
    return false;
  }

  /** The kept samples, newest first; none if the file does not exist. */
  static List<Sample> read(Path file) throws IOException {
    List<String> lines;
    try {
      if (Files.size(file) > 4096) {
        throw new IllegalArgumentException("too long");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("not text", e);
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER) || lines.size() > 3) {
      throw new IllegalArgumentException("not a check state file");
    }
    return lines.subList(1, lines.size()).stream().map(CheckSamples::parse).toList();
  }

  private static Sample parse(String line) {
    String[] words = line.trim().split(" ");
    if (words.length != 1 + Category.all().size()) {
      throw new IllegalArgumentException("bad sample line");
    }
    long[] values = new long[Category.all().size()];
    for (Category c : Category.all()) {
      String word = words[1 + c.ordinal()];
      if (!word.startsWith(c.key() + ":")) {
        throw new IllegalArgumentException("bad sample line");
      }
      values[c.ordinal()] = parseCount(word.substring(c.key().length() + 1));
    }
    return new Sample(parseCount(words[0]), CounterSnapshot.of(values));
  }

  private static long parseCount(String text) {
    try {
      long v = Long.parseLong(text);
      if (v < 0) {
        throw new IllegalArgumentException("negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number", e);
    }
  }

  private static void write(Path file, Sample last, Sample previous) throws IOException {
    AtomicFiles.replace(file, HEADER + "\n" + format(last) + "\n" + format(previous) + "\n");
  }

  private static String format(Sample s) {
    StringBuilder sb = new StringBuilder().append(s.epochMillis());
    for (Category c : Category.all()) {
      sb.append(' ').append(c.key()).append(':').append(s.counts().get(c));
    }
    return sb.toString();
  }
}
