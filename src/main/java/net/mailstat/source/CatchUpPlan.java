package net.mailstat.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.mailstat.line.SourcePosition;

/**
 * Which rotated generations to read before following a file, in order, from where, and where to
 * start in the file itself: decided from a saved position and the files' identities, without I/O.
 * Generations are named by their index in the oldest-first list ({@link OpenGenerations}).
 */
record CatchUpPlan(List<Read> reads, long currentOffset, boolean positionFound) {
  /** Read generation {@code index} from {@code offset} to its end. */
  record Read(int index, long offset) {}

  CatchUpPlan {
    reads = List.copyOf(reads);
  }

  /** Backfill: every generation, oldest first, then the current file, all from their starts. */
  static CatchUpPlan everything(int generations) {
    List<Read> reads = new ArrayList<>();
    for (int i = 0; i < generations; i++) {
      reads.add(new Read(i, 0));
    }
    return new CatchUpPlan(reads, 0, true);
  }

  /**
   * True if {@code resume} is in {@code current} itself: the same file (identity and first line)
   * and at least as long as the saved offset.
   */
  static boolean continuesIn(SourcePosition resume, FileId current, long currentSize) {
    return current.fileKey().equals(resume.fileKey())
        && FileFingerprint.matches(resume.fingerprint(), current.fingerprint())
        && currentSize >= resume.offset();
  }

  /**
   * Resuming from {@code resume}: in the current file at the saved offset if it is still the
   * saved file; else from the saved offset in the newest generation that holds it, then every
   * newer generation and the current file from their starts; found nowhere, the current file from
   * its start ({@link #positionFound} false: what was written after the position is lost).
   */
  static CatchUpPlan resuming(SourcePosition resume, FileId current, long currentSize, List<FileId> oldestFirst) {
    if (continuesIn(resume, current, currentSize)) {
      return new CatchUpPlan(List.of(), resume.offset(), true);
    }
    for (int found = oldestFirst.size() - 1; found >= 0; found--) {
      if (oldestFirst.get(found).holds(resume)) {
        List<Read> reads = new ArrayList<>(List.of(new Read(found, resume.offset())));
        for (int newer = found + 1; newer < oldestFirst.size(); newer++) {
          reads.add(new Read(newer, 0));
        }
        return new CatchUpPlan(reads, 0, true);
      }
    }
    return new CatchUpPlan(List.of(), 0, false);
  }

  /**
   * After the log was rotated from the file {@code old} to the file {@code nextKey}: every
   * generation that came between the two (the log rotated twice while the follower was held up: a
   * busy machine, a slow mount) and was not read to its end already, in full. The old file is
   * found by its key, or by its first line once compress has made a new file of it
   * ({@code mail.log.2.gz}). If it is no longer among the generations (removed), nothing newer can
   * be told apart safely: nothing is read ({@link #positionFound} false).
   */
  static CatchUpPlan afterRotation(FileId old, String nextKey, List<FileId> oldestFirst, Set<FileId> readToEnd) {
    for (int at = oldestFirst.size() - 1; at >= 0; at--) {
      FileId candidate = oldestFirst.get(at);
      if (candidate.fileKey().equals(old.fileKey())
          || !old.fingerprint().isEmpty() && candidate.fingerprint().equals(old.fingerprint())) {
        List<Read> reads = new ArrayList<>();
        for (int between = at + 1; between < oldestFirst.size(); between++) {
          FileId id = oldestFirst.get(between);
          if (!id.fileKey().equals(nextKey) && !readToEnd.contains(id)) {
            reads.add(new Read(between, 0));
          }
        }
        return new CatchUpPlan(reads, 0, true);
      }
    }
    return new CatchUpPlan(List.of(), 0, false);
  }

  /**
   * After a truncation whose copy is generation {@code copy}: the copies made after it, in full,
   * less those read to their end. There is one when the log was copied and truncated twice before
   * the follower looked: it holds what was written between the two truncations, which the follower
   * never read (bytes after a truncation are not taken from the old offset).
   */
  static CatchUpPlan afterTruncation(int copy, List<FileId> oldestFirst, Set<FileId> readToEnd) {
    List<Read> reads = new ArrayList<>();
    for (int newer = copy + 1; newer < oldestFirst.size(); newer++) {
      FileId id = oldestFirst.get(newer);
      // no first line yet: a file logrotate is still writing (a copy, or gzip of an older one)
      if (!id.fingerprint().isEmpty() && !readToEnd.contains(id)) {
        reads.add(new Read(newer, 0));
      }
    }
    return new CatchUpPlan(reads, 0, true);
  }

  /**
   * The copytruncate copy of a file that starts with {@code fingerprint}: the newest generation
   * starting the same way, however many copies were made since (a follower held up on a busy
   * machine while the log was copied and truncated several times); -1 if none does (the file was
   * rewritten, or its first line is not known yet).
   */
  static int copyOf(String fingerprint, List<FileId> oldestFirst) {
    if (fingerprint.isEmpty()) {
      return -1;
    }
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      if (fingerprint.equals(oldestFirst.get(i).fingerprint())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * After the file was restarted while empty (its first line unknown, so a second copytruncate
   * could not be seen): the generations that appeared since {@code atRestart} and start otherwise
   * than the file does now, in full. They are copies of what was written after the restart and
   * truncated before the follower read any of it. A generation is recognised by its first line,
   * which survives compression; one without a first line yet is being written and is left alone.
   */
  static CatchUpPlan copiesSince(List<FileId> atRestart, String currentFingerprint, List<FileId> oldestFirst,
      Set<FileId> readToEnd) {
    Set<String> knownStarts = new HashSet<>();
    for (FileId id : atRestart) {
      knownStarts.add(id.fingerprint());
    }
    List<Read> reads = new ArrayList<>();
    for (int i = 0; i < oldestFirst.size(); i++) {
      FileId id = oldestFirst.get(i);
      // no first line yet: a file logrotate is still writing (gzip of an older generation, say)
      boolean appeared = !id.fingerprint().isEmpty() && !knownStarts.contains(id.fingerprint())
          && !id.fingerprint().equals(currentFingerprint);
      if (appeared && !readToEnd.contains(id)) {
        reads.add(new Read(i, 0));
      }
    }
    return new CatchUpPlan(reads, 0, true);
  }
}
