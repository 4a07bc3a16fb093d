package net.mailstat.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.mailstat.line.SourcePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one log file like {@code tail -F}, on the caller's thread, until {@link #stop()}.
 *
 * <p>Whenever the file has no new bytes it asks {@link RotationCheck} what became of it:
 *
 * <ul>
 *   <li>The name points to a different file (rename-and-create rotation, with or without
 *       delaycompress, or a replacement): the old file, still open, is read to its end, then the
 *       new file from its start. The old file stays open and is read for another
 *       {@link RotatedAway#GRACE} (a syslog daemon appends to it until it is told to reopen); then
 *       its last unterminated line is delivered. If the log was rotated twice meanwhile, the
 *       generation in between is read too ({@link CatchUpPlan#afterRotation}).
 *   <li>The name is missing: the old file keeps being read (writers append to it until they
 *       reopen) and the name is watched until it reappears.
 *   <li>Same file, but shorter than what was read or with a different first line (copytruncate,
 *       or rewritten in place): if the newest rotated generation is a copy of what was being read
 *       ({@link CatchUpPlan#copyOf}), its lines after the current position are read from it first
 *       (they were written between the last read and the copy); then the file is read again from
 *       the start.
 * </ul>
 *
 * <p>Resuming from a saved {@link SourcePosition}: if the file under the name is still the one
 * saved (same identity and first line, at least as long), reading continues at the saved offset.
 * Otherwise the rotated generations ({@link RotatedFiles}) are searched for it, including
 * compressed ones; it is read from the saved offset, every newer generation in full, and then the
 * current file from its start ({@link CatchUpPlan#resuming}). With no saved position,
 * {@code backfill} reads every rotated generation oldest first; without it, following starts at
 * the current end.
 *
 * <p>No generation is read twice: the ones read to their end are remembered by identity and
 * first line ({@link FileId}), so a rotation noticed later does not read them again.
 *
 * <p>All file I/O happens on the calling thread, so a file on a hung mount blocks only its own
 * follower.
 */
public final class FileFollower implements LogSource {
  private static final Logger LOG = LoggerFactory.getLogger(FileFollower.class);
  private static final int READ_BYTES = 1 << 16;

  private final Path path;
  private final FollowSettings settings;
  private final SourcePosition resume;
  private final FollowListener listener;
  private final boolean unknownStartsAtEnd;
  private final Supplier<Waker> wakers;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES);
  private final CatchUpProgress progress;
  private final RotatedAway previous;
  /**
   * Rotated generations already read to their end: a rotation noticed later must not read one
   * again. Without it, a copytruncate between opening the log and listing its generations at a
   * first start read the copy twice (backfill, then as the truncated file's copy).
   */
  private final Set<FileId> readToEnd = new HashSet<>();
  private volatile boolean running = true;
  private volatile Thread thread;
  private Waker waker;
  private FollowedFile current;
  /**
   * The rotated generations when {@link #current} was restarted after a truncation before its
   * first line was written; null once that line is known. Until then a second copytruncate
   * cannot be seen in the file itself (nothing read, no first line to compare).
   */
  private List<FileId> generationsAtBlankRestart;

  /**
   * {@code unknownStartsAtEnd}: with no saved position and no backfill, begin at the current end
   * (an instance's very first start) rather than at the beginning (a log added to an instance that
   * already has a checkpoint, whose lines were never counted).
   */
  public FileFollower(Path path, FollowSettings settings, SourcePosition resume, boolean unknownStartsAtEnd,
      FollowListener listener) {
    this(path, settings, resume, unknownStartsAtEnd, listener, () -> DirectoryWaker.forLog(path), System::nanoTime);
  }

  /** With the waker to wait with and the clock of the grace and the progress reports (tests). */
  FileFollower(Path path, FollowSettings settings, SourcePosition resume, boolean unknownStartsAtEnd,
      FollowListener listener, Supplier<Waker> wakers, LongSupplier nanoTime) {
    this.path = path;
    this.settings = settings;
    this.resume = resume;
    this.unknownStartsAtEnd = unknownStartsAtEnd;
    this.listener = listener;
    this.wakers = wakers;
    this.progress = new CatchUpProgress(listener, nanoTime);
    this.previous = new RotatedAway(nanoTime);
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
    waker = wakers.get();
    try {
      current = catchUp();
      while (running) {
        try {
          follow();
        } catch (ClosedByInterruptException e) {
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
    } catch (ClosedByInterruptException e) {
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
      FollowedFile file = waitForFile();
      if (file != null && existedAtStart && unknownStartsAtEnd) {
        file.seek(file.channel.size());
      }
      if (file != null) {
        listener.reached(file.position());
      }
      return file;
    }
    while (running) {
      FollowedFile file = waitForFile();
      if (file == null) {
        return null;
      }
      try (OpenGenerations rotated = OpenGenerations.open(path)) {
        if (!file.fileKey.equals(fileKeyOrNull(path))) {
          file.close();
          continue; // rotated while we were opening: start over with a consistent set
        }
        catchUp(file, rotated);
        return file;
      }
    }
    return null;
  }

  private void catchUp(FollowedFile file, OpenGenerations rotated) throws IOException {
    CatchUpPlan plan;
    if (resume == null) {
      long total = file.channel.size();
      for (Generation g : rotated.oldestFirst()) {
        total += g.channel.size();
      }
      progress.start(total);
      plan = CatchUpPlan.everything(rotated.oldestFirst().size());
    } else {
      plan = CatchUpPlan.resuming(resume, new FileId(file.fileKey, file.fingerprint()), file.channel.size(),
          rotated.ids());
    }
    if (!plan.positionFound()) {
      listener.trouble("saved position in " + path + " not found in the current or rotated files;"
          + " reading the current file from its start");
    }
    read(plan, rotated.oldestFirst());
    file.seek(plan.currentOffset());
    listener.reached(file.position());
  }

  private void read(CatchUpPlan plan, List<Generation> rotated) throws IOException {
    for (CatchUpPlan.Read r : plan.reads()) {
      Generation g = rotated.get(r.index());
      readWhole(g, r.offset());
      progress.partDone(g.channel.size());
    }
  }

  private static String fileKeyOrNull(Path file) throws IOException {
    try {
      return String.valueOf(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Reads a rotated (possibly compressed) generation from {@code offset} to its end. */
  private void readWhole(Generation g, long offset) throws IOException {
    String fp = g.fingerprint();
    try (InputStream in = g.contentFrom(offset)) {
      if (in == null) {
        return;
      }
      LineSplitter splitter = new LineSplitter(listener, settings.maxLineBytes());
      byte[] buf = readBuffer.array();
      int n;
      while (running && (n = in.read(buf)) >= 0) {
        splitter.feed(buf, 0, n);
        listener.reached(SourcePosition.ofFile(g.fileKey, offset + splitter.bytesConsumed(), fp));
        progress.reading(g.channel.position());
      }
      splitter.finish();
      listener.reached(SourcePosition.ofFile(g.fileKey, offset + splitter.bytesConsumed(), fp));
      if (running) {
        readToEnd.add(new FileId(g.fileKey, fp));
      }
    }
  }

  /** Follows {@link #current} (replaced on rotation) until stopped. */
  private void follow() throws IOException, InterruptedException {
    while (running) {
      if (previous.drain() && current != null) {
        // Lines the writer appended to the old file after the rename, before it reopened: their
        // counts travel with the current file's position, so a resume continues there.
        listener.reached(current.position());
      }
      if (current == null) {
        current = waitForFile();
        continue;
      }
      if (generationsAtBlankRestart != null) {
        readCopiesMadeSinceBlankRestart();
      }
      if (current.readAvailable()) {
        progress.reading(current.readOffset());
        continue;
      }
      progress.finish();
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
    previous.retire();
    if (current != null) {
      current.close();
    }
  }

  /** The name points to another file: finish the old one, keep it for the grace, follow the new one. */
  private void switchToNewFile() throws IOException, InterruptedException {
    current.readToEnd(); // what was written to the old file before it was renamed away
    FollowedFile next = waitForFile();
    if (next != null) {
      try (OpenGenerations rotated = OpenGenerations.open(path)) {
        FileId old = new FileId(current.fileKey, current.fingerprint());
        read(CatchUpPlan.afterRotation(old, next.fileKey, rotated.ids(), readToEnd), rotated.oldestFirst());
      }
    }
    previous.keep(current);
    current = next;
    generationsAtBlankRestart = null;
  }

  /**
   * The file was truncated or rewritten in place. After a copytruncate, the lines written between
   * the last read and the copy are only in the copy: read them from it (and any later copy in
   * full), then the file from its start.
   */
  private void restartAfterTruncation() throws IOException {
    // The start of what the file holds now, taken before the copies are read: if it is copied and
    // truncated again while they are, the next read sees another start and finds this one's copy.
    String startNow = current.startNow();
    try (OpenGenerations rotated = OpenGenerations.open(path)) {
      List<FileId> ids = rotated.ids();
      int copy = CatchUpPlan.copyOf(current.fingerprint(), ids);
      if (copy >= 0 && !readToEnd.contains(ids.get(copy))) {
        LOG.debug("{} was truncated; reading its copy {} from offset {}", path, rotated.oldestFirst().get(copy).path,
            current.position().offset());
        readWhole(rotated.oldestFirst().get(copy), current.position().offset());
      } else {
        if (copy >= 0) {
          LOG.debug("{} was truncated; its copy {} was read to its end already", path,
              rotated.oldestFirst().get(copy).path);
        } else if (!current.fingerprint().isEmpty()) {
          LOG.info("{} was truncated or rewritten and no rotated file starts like it: lines written between the"
              + " last read and the truncation may be missed", path);
        }
        current.finish();
      }
      if (copy >= 0) {
        read(CatchUpPlan.afterTruncation(copy, ids, readToEnd), rotated.oldestFirst());
      }
      current.restartFromBeginning(startNow);
      generationsAtBlankRestart = current.fingerprint().isEmpty() ? ids : null;
      if (generationsAtBlankRestart != null) {
        LOG.debug("{} restarted before its first line was written", path);
      }
    }
  }

  /**
   * Once the restarted file has a first line: copies made meanwhile of lines never read (the file
   * was truncated again before the follower read it) are read first, in full.
   */
  private void readCopiesMadeSinceBlankRestart() throws IOException {
    String start = current.startNow();
    if (start.isEmpty()) {
      return;
    }
    try (OpenGenerations rotated = OpenGenerations.open(path)) {
      CatchUpPlan plan = CatchUpPlan.copiesSince(generationsAtBlankRestart, start, rotated.ids(), readToEnd);
      if (!plan.reads().isEmpty()) {
        LOG.debug("{} was truncated again before its first line was read: reading {} copies made meanwhile", path,
            plan.reads().size());
      }
      read(plan, rotated.oldestFirst());
    }
    generationsAtBlankRestart = null;
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
}
