package net.mailstat.source;

/**
 * Limits of a syslog listener, which bound its memory whatever senders do. {@code maxFrameBytes}:
 * longer frames (and datagrams) are skipped and counted as overlong. {@code maxConnections}: TCP
 * connections kept at once; a new one beyond it closes the one idle for longest. {@code
 * queueBatches} batches of {@link FrameBatch#BYTES} wait between the network and the counting
 * thread; when all are in use TCP stops reading (senders block) and UDP drops datagrams.
 */
public record SyslogSettings(int maxFrameBytes, int maxConnections, int queueBatches) {
  public SyslogSettings {
    if (maxFrameBytes < 1 || maxFrameBytes > FrameBatch.BYTES / 2) {
      throw new IllegalArgumentException("max frame must be 1 to " + FrameBatch.BYTES / 2 + " bytes");
    }
    if (maxConnections < 1 || queueBatches < 2) {
      throw new IllegalArgumentException("at least one connection and two queued batches");
    }
  }

  public static SyslogSettings defaults() {
    return new SyslogSettings(LineSplitter.DEFAULT_MAX_LINE_BYTES, 256, 32);
  }
}
