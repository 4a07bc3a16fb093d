package net.mailstat.rrd;

import java.awt.Color;
import java.util.List;
import java.util.Optional;

/**
 * The graphs of the page: mailgraph.cgi's four with its series, colours and heights, then rejects
 * by reason (stacked), the Postfix queues (a line per queue, messages waiting) and TLS connections
 * by direction and trust (stacked), from the {@link FamilyDatabase}s.
 */
public enum GraphKind {
  TRAFFIC("traffic", "Sent / received", 160, List.of(
      new Series(Database.MAIL, "sent", "Sent", Style.AREA, new Color(0x000099)),
      new Series(Database.MAIL, "recv", "Received", Style.LINE, new Color(0x009900)))),
  ERRORS("errors", "Bounced / rejected", 96, List.of(
      new Series(Database.MAIL, "bounced", "Bounced", Style.AREA, new Color(0x000000)),
      new Series(Database.MAIL, "rejected", "Rejected", Style.LINE, new Color(0xAA0000)))),
  FILTERED("filtered", "Viruses / spam", 96, List.of(
      new Series(Database.VIRUS, "virus", "Viruses", Style.AREA, new Color(0xDDBB00)),
      new Series(Database.VIRUS, "spam", "Spam", Style.STACK, new Color(0x999999)))),
  GREYLIST("greylist", "Greylisting", 96, List.of(
      new Series(Database.GREYLIST, "greylisted", "Greylisted", Style.AREA, new Color(0x999999)),
      new Series(Database.GREYLIST, "delayed", "Delayed", Style.LINE, new Color(0x006400)))),
  REJECTS("rejects", "Rejects by reason", 160, stacked(FamilyDatabase.REJECTS, new String[] {"RBL", "SPF",
      "Unknown recipient", "Relay denied", "Rate limit", "Size", "Client access", "HELO access", "Sender access",
      "Recipient access", "postscreen", "Milter", "Header checks", "Body checks", "Other"})),
  QUEUE("queue", "Postfix queues", 96, List.of(
      new Series(FamilyDatabase.QUEUES, "maildrop", "Maildrop", Style.LINE, new Color(0x999999)),
      new Series(FamilyDatabase.QUEUES, "incoming", "Incoming", Style.LINE, new Color(0x009900)),
      new Series(FamilyDatabase.QUEUES, "active", "Active", Style.LINE, new Color(0x000099)),
      new Series(FamilyDatabase.QUEUES, "deferred", "Deferred", Style.LINE, new Color(0xAA0000)),
      new Series(FamilyDatabase.QUEUES, "hold", "Hold", Style.LINE, new Color(0xDDBB00)))),
  TLS("tls", "TLS connections", 96, stacked(FamilyDatabase.TLS, new String[] {"In, anonymous", "In, untrusted",
      "In, trusted", "In, verified", "Out, anonymous", "Out, untrusted", "Out, trusted", "Out, verified", "Other"}));

  /**
   * Colours of stacked series, in order: distinct next to each other, readable on white. (A holder:
   * the constants above are built before the enum's own static fields.)
   */
  private static final class Palette {
    static final int[] COLOURS = {0xAA0000, 0xDD6600, 0xDDBB00, 0x009900, 0x006464, 0x000099, 0x6600AA,
        0xAA0088, 0x664400, 0x999999, 0x55AAFF, 0x99DD55, 0xFF9999, 0x333333, 0xCCCCCC};
  }

  /** One series per data source of {@code db}, the first an area, the others stacked on it. */
  private static List<Series> stacked(FamilyDatabase db, String[] labels) {
    List<FamilyDatabase.Source> sources = db.sources();
    if (sources.size() != labels.length || sources.size() > Palette.COLOURS.length) {
      throw new IllegalStateException("a label and a colour for every data source of " + db);
    }
    java.util.ArrayList<Series> out = new java.util.ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      out.add(new Series(db, sources.get(i).name(), labels[i], i == 0 ? Style.AREA : Style.STACK,
          new Color(Palette.COLOURS[i])));
    }
    return List.copyOf(out);
  }

  enum Style {
    AREA,
    STACK,
    LINE
  }

  /** One plotted data source. */
  record Series(RrdLayout db, String ds, String label, Style style, Color color) {}

  /** Whether the graph shows gauges (messages waiting) rather than events per minute. */
  boolean gauge() {
    return this == QUEUE;
  }

  private final String key;
  private final String title;
  private final int height;
  private final List<Series> series;

  GraphKind(String key, String title, int height, List<Series> series) {
    this.key = key;
    this.title = title;
    this.height = height;
    this.series = series;
  }

  /** The name in URLs, e.g. {@code traffic}. */
  public String key() {
    return key;
  }

  public String title() {
    return title;
  }

  /** mailgraph.cgi's plot height in pixels. */
  public int defaultHeight() {
    return height;
  }

  List<Series> series() {
    return series;
  }

  public static Optional<GraphKind> byKey(String key) {
    for (GraphKind k : values()) {
      if (k.key.equals(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
