package net.mailstat.daemon;

/** Told how far each source is in reading its history before following (called from its thread). */
@FunctionalInterface
public interface CatchUpProgress {
  CatchUpProgress NONE = (source, done, total) -> { };

  void progress(String sourceId, long doneBytes, long totalBytes);
}
