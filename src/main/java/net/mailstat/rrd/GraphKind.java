package net.mailstat.rrd;

import java.awt.Color;
import java.util.List;
import java.util.Optional;

/** The graphs of the page, with mailgraph.cgi's series, colours and heights. */
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
      new Series(Database.GREYLIST, "delayed", "Delayed", Style.LINE, new Color(0x006400))));

  enum Style {
    AREA,
    STACK,
    LINE
  }

  /** One plotted data source. */
  record Series(Database db, String ds, String label, Style style, Color color) {}

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
