package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import net.mailstat.line.SourcePosition;

/**
 * Follows one log file like {@code tail -F}, on the caller's thread, until {@link #stop()}.
 *
 * <p>Whenever the file has no new bytes it checks its name:
 *
 * <ul>
 *   <li>The name points to a different file (rename-and-create rotation, with or without
 *       delaycompress, or a replacement): the old file, still open, is read to its end, then the
 *       new file from its start. The old file stays open and is read for another
 *       {@link #PREVIOUS_GRACE} (a syslog daemon appends to it until it is told to reopen); then its
 *       last unterminated line is delivered. If the log was rotated twice meanwhile, the
 *       generation in between is read too.
 *   <li>The name is missing: the old file keeps being read (writers append to it until they
 *       reopen) and the name is watched until it reappears.
 *   <li>Same file, but shorter than what was read or with a different first line (copytruncate,
 *       or rewritten in place): if the newest rotated generation is a copy of what was being read,
 *       its lines after the current position are read from it first (they were written between
 *       the copy and the truncation); then the file is read again from the start.
 * </ul>
 *
 * <p>Resuming from a saved {@link SourcePosition}: if the file under the name is still the one
 * saved (same identity and first line, at least as long), reading continues at the saved offset.
 * Otherwise the rotated generations ({@link RotatedFiles}) are searched for it, including
 * compressed ones; it is read from the saved offset, every newer generation in full, and then the
 * current file from its start. With no saved position, {@code backfill} reads every rotated
 * generation oldest first; without it, following starts at the current end.
 *
 * <p>All file I/O happens on the calling thread, so a file on a hung mount blocks only its own
 * follower.
 */
public final class FileFollower implements LogSource {
  private static final int READ_BYTES = 1 << 16;
  static final java.time.Duration PREVIOUS_GRACE = java.time.Duration.ofSeconds(5);

  private final Path path;
  private final FollowSettings settings;
  private final SourcePosition resume;
  private final FollowListener listener;
  private final boolean unknownStartsAtEnd;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES);
  private volatile boolean running = true;
  private volatile Thread thread;
  private DirectoryWaker waker;
  private FollowedFile current;
  /** The file rotated away last, still read for a while: a syslog daemon writes to it until HUP'd. */
  private FollowedFile previous;
  private long previousUntil;
  /** Bytes of history to read before following (0: none, or done); see catchUpProgress. */
  private long catchUpTotal;
  private long catchUpDone;
  private long lastProgressNanos;
  /**
   * Rotated generations already read to their end (file key and first line: inode numbers are
   * reused): a rotation noticed later must not read one again. Without it, a copytruncate between
   * opening the log and listing its generations at a first start read the copy twice (backfill,
   * then as the truncated file's copy).
   */
  private final java.util.Set<String> readToEnd = new java.util.HashSet<>();

  /**
   * {@code unknownStartsAtEnd}: with no saved position and no backfill, begin at the current end
   * (an instance's very first start) rather than at the beginning (a log added to an instance that
   * already has a checkpoint, whose lines were never counted).
   */
  public FileFollower(Path path, FollowSettings settings, SourcePosition resume, boolean unknownStartsAtEnd,
      FollowListener listener) {
    this.path = path;
    this.settings = settings;
    this.resume = resume;
    this.unknownStartsAtEnd = unknownStartsAtEnd;
    this.listener = listener;
  }

  @Override
  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    waker = DirectoryWaker.forLog(path);
    try {
      current = catchUp();
      while (running) {
        try {
          follow();
        } catch (java.nio.channels.ClosedByInterruptException e) {
          return; // stop() while a read was in progress
        } catch (IOException e) {
          // An I/O error (e.g. on a flaky network mount) must not end following: report it, keep
          // the position, and try again after a pause.
          listener.trouble("reading " + path + ": " + e + "; retrying");
          pause();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.nio.channels.ClosedByInterruptException e) {
      // stop() while a read was in progress
    } catch (IOException e) {
      if (running) {
        listener.trouble("stopped following " + path + ": " + e);
      }
    } finally {
      waker.close();
    }
  }

  /** Reads whatever must be read before following the current file; returns the current file. */
  private FollowedFile catchUp() throws IOException, InterruptedException {
    boolean existedAtStart = Files.exists(path);
    if (resume == null && !settings.backfill()) {
      FollowedFile current = waitForFile();
      if (current != null && existedAtStart && unknownStartsAtEnd) {
        current.seek(current.channel.size());
      }
      if (current != null) {
        listener.reached(current.position());
      }
      return current;
    }
    while (running) {
      FollowedFile current = waitForFile();
      if (current == null) {
        return null;
      }
      try (OpenGenerations rotated = OpenGenerations.open(path)) {
        if (!current.fileKey.equals(fileKeyOrNull(path))) {
          current.close();
          continue; // rotated while we were opening: start over with a consistent set
        }
        catchUp(current, rotated.oldestFirst());
        return current;
      }
    }
    return null;
  }

  private void catchUp(FollowedFile current, List<Generation> rotated) throws IOException {
    if (resume == null) {
      catchUpTotal = current.channel.size();
      for (Generation g : rotated) {
        catchUpTotal += g.channel.size();
      }
      for (Generation g : rotated) {
        readWhole(g, 0);
        catchUpDone += g.channel.size();
      }
      listener.reached(current.position());
      return;
    }
    if (current.fileKey.equals(resume.fileKey())
        && FileFingerprint.matches(resume.fingerprint(), current.fingerprint())
        && current.channel.size() >= resume.offset()) {
      current.seek(resume.offset());
      listener.reached(current.position());
      return;
    }
    int found = -1;
    for (int i = rotated.size() - 1; i >= 0 && found < 0; i--) {
      if (isSavedFile(rotated.get(i))) {
        found = i;
      }
    }
    if (found < 0) {
      listener.trouble("saved position in " + path + " not found in the current or rotated files;"
          + " reading the current file from its start");
    } else {
      readWhole(rotated.get(found), resume.offset());
      for (Generation newer : rotated.subList(found + 1, rotated.size())) {
        readWhole(newer, 0);
      }
    }
    listener.reached(current.position());
  }

  private static String fileKeyOrNull(Path file) throws IOException {
    try {
      return fileKey(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The newest or second-newest rotated generation if it starts like {@code fingerprint}. */
  private Generation newestGenerationStartingWith(String fingerprint, List<Generation> rotated) throws IOException {
    if (fingerprint.isEmpty()) {
      return null;
    }
    for (int i = rotated.size() - 1; i >= Math.max(0, rotated.size() - 2); i--) {
      if (fingerprint.equals(rotated.get(i).fingerprint())) {
        return rotated.get(i);
      }
    }
    return null;
  }

  private boolean isSavedFile(Generation candidate) throws IOException {
    return candidate.id().holds(resume);
  }

  private void reportCatchUp(long done) {
    long now = System.nanoTime();
    if (catchUpTotal > 0 && now - lastProgressNanos > 200_000_000L) {
      lastProgressNanos = now;
      listener.catchUpProgress(Math.min(done, catchUpTotal), catchUpTotal);
    }
  }

  private void finishCatchUp() {
    if (catchUpTotal > 0) {
      listener.catchUpProgress(catchUpTotal, catchUpTotal);
      catchUpTotal = 0;
    }
  }

  private void drainPrevious() throws IOException {
    boolean read = false;
    while (previous.readAvailable()) {
      read = true; // lines the writer appended to the old file after the rename, before it reopened
    }
    if (read && current != null) {
      // Their counts travel with the current file's position: a resume continues there.
      listener.reached(current.position());
    }
    if (System.nanoTime() > previousUntil) {
      retirePrevious();
    }
  }

  private void retirePrevious() throws IOException {
    if (previous != null) {
      previous.finish();
      previous.close();
      previous = null;
    }
  }

  /**
   * After finishing {@code old}, reads in full any generation that came between it and
   * {@code next}: if the log was rotated twice while this thread was held up (a busy machine, a
   * slow mount), the file in between would otherwise be missed.
   */
  private void readGenerationsBetween(FollowedFile old, FollowedFile next) throws IOException {
    if (next == null) {
      return;
    }
    try (OpenGenerations generations = OpenGenerations.open(path)) {
      List<Generation> rotated = generations.oldestFirst();
      int oldAt = -1;
      for (int i = rotated.size() - 1; i >= 0 && oldAt < 0; i--) {
        if (rotated.get(i).fileKey.equals(old.fileKey)) {
          oldAt = i;
        }
      }
      if (oldAt < 0) {
        return; // compressed or removed already: nothing newer can be told apart safely
      }
      for (Generation between : rotated.subList(oldAt + 1, rotated.size())) {
        if (!between.fileKey.equals(next.fileKey) && !readToEnd.contains(identity(between))) {
          readWhole(between, 0);
        }
      }
    }
  }

  private static String identity(Generation g) throws IOException {
    return g.fileKey + " " + g.fingerprint();
  }

  /** Skips {@code n} bytes or up to the end; returns how many were skipped. */
  static long skipUpTo(InputStream in, long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      long k = in.skip(n - skipped);
      if (k <= 0) {
        if (in.read() < 0) {
          break;
        }
        k = 1;
      }
      skipped += k;
    }
    return skipped;
  }

  /** Reads a rotated (possibly compressed) generation from {@code offset} to its end. */
  private void readWhole(Generation g, long offset) throws IOException {
    String fp = g.fingerprint();
    try (InputStream in = g.contentKeptOpen()) {
      if (skipUpTo(in, offset) < offset) {
        // Shorter than the position: everything in it was read already (copytruncate copies what
        // was there at copy time; we may have read further before the truncation).
        return;
      }
      LineSplitter splitter = new LineSplitter(listener, settings.maxLineBytes());
      byte[] buf = readBuffer.array();
      int n;
      while (running && (n = in.read(buf)) >= 0) {
        splitter.feed(buf, 0, n);
        listener.reached(SourcePosition.ofFile(g.fileKey, offset + splitter.bytesConsumed(), fp));
        reportCatchUp(catchUpDone + g.channel.position());
      }
      splitter.finish();
      listener.reached(SourcePosition.ofFile(g.fileKey, offset + splitter.bytesConsumed(), fp));
      if (running) {
        readToEnd.add(g.fileKey + " " + fp);
      }
    }
  }

  /** Follows {@link #current} (replaced on rotation) until stopped. */
  private void follow() throws IOException, InterruptedException {
    while (running) {
      if (previous != null) {
        drainPrevious();
      }
      if (current == null) {
        current = waitForFile();
        continue;
      }
      if (current.readAvailable()) {
        reportCatchUp(catchUpDone + current.readOffset());
        continue;
      }
      finishCatchUp();
      switch (RotationCheck.of(current.fileKey, current.fingerprint(), current.readOffset(),
          current.look(statOrNull()))) {
        case UNCHANGED -> {
          listener.caughtUp();
          pause();
        }
        case GROWN -> {
          // written between the read and the look: read it
        }
        case MISSING -> pause();
        case ROTATED -> switchToNewFile();
        case TRUNCATED, REWRITTEN -> restartAfterTruncation();
      }
    }
    retirePrevious();
    if (current != null) {
      current.close();
    }
  }

  /** The name points to another file: finish the old one, keep it for the grace, follow the new one. */
  private void switchToNewFile() throws IOException, InterruptedException {
    current.readToEnd(); // what was written to the old file before it was renamed away
    FollowedFile next = waitForFile();
    readGenerationsBetween(current, next);
    retirePrevious();
    previous = current;
    previous.rotatedAway();
    previousUntil = System.nanoTime() + PREVIOUS_GRACE.toNanos();
    current = next;
  }

  /**
   * The file was truncated or rewritten in place. After a copytruncate, the lines written between
   * the last read and the copy are only in the copy: read them from it, then the file from its start.
   */
  private void restartAfterTruncation() throws IOException {
    try (OpenGenerations rotated = OpenGenerations.open(path)) {
      Generation copy = newestGenerationStartingWith(current.fingerprint(), rotated.oldestFirst());
      if (copy != null && readToEnd.contains(identity(copy))) {
        current.finish();
      } else if (copy != null) {
        readWhole(copy, current.position().offset());
      } else {
        current.finish();
      }
    }
    current.restartFromBeginning();
  }

  private void pause() throws InterruptedException {
    waker.await(settings.pollInterval());
  }

  private BasicFileAttributes statOrNull() throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Opens the file under the name, waiting while it is missing or unreadable. */
  private FollowedFile waitForFile() throws InterruptedException, IOException {
    String lastTrouble = null;
    while (running) {
      try {
        return FollowedFile.open(path, listener, settings.maxLineBytes(), readBuffer);
      } catch (NoSuchFileException e) {
        lastTrouble = report(lastTrouble, path + ": no such file (waiting for it)");
      } catch (AccessDeniedException e) {
        lastTrouble = report(lastTrouble, path + ": permission denied (retrying)");
      }
      pause();
    }
    return null;
  }

  private String report(String last, String trouble) {
    if (!trouble.equals(last)) {
      listener.trouble(trouble);
    }
    return trouble;
  }

  private static String fileKey(Path file) throws IOException {
    return String.valueOf(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
  }
}
