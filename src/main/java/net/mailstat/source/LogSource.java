package net.mailstat.source;

/**
 * A source of log lines that runs on a thread of its own until stopped, delivering lines and
 * positions to its {@link FollowListener}: a followed file, a syslog listener, the journal.
 */
public interface LogSource {
  /** Runs until {@link #stop()} is called; returns normally then. */
  void run();

  void stop();

  /** Creates a source that resumes after {@code resume} (null: no saved position). */
  interface Factory {
    /**
     * @param firstStart the instance has never counted before (a file then starts at its end)
     */
    LogSource create(net.mailstat.line.SourcePosition resume, boolean firstStart, FollowListener listener);
  }

  /** A configured source: a stable id (persisted in checkpoints) and how to create it. */
  record Definition(String id, Factory factory) {
    public static Definition file(java.nio.file.Path path, FollowSettings settings) {
      return new Definition(path.toString(),
          (resume, firstStart, listener) -> new FileFollower(path, settings, resume, firstStart, listener));
    }

    /**
     * A file read from its start when there is no saved position, even on an instance's first
     * start (as mailgraph reads its log: File::Tail with {@code tail => -1}); then followed.
     */
    public static Definition fileFromStart(java.nio.file.Path path, FollowSettings settings) {
      return new Definition(path.toString(),
          (resume, firstStart, listener) -> new FileFollower(path, settings, resume, false, listener));
    }

    /**
     * The same file as {@link #fileFromStart} (the same id, so the same saved position), read once
     * from there to the end it has when the read starts; {@link LogSource#run()} then returns.
     */
    public static Definition fileOnce(java.nio.file.Path path, FollowSettings settings) {
      return new Definition(path.toString(),
          (resume, firstStart, listener) -> new FileOnce(path, resume, settings.maxLineBytes(), listener));
    }
  }
}
