package net.mailstat.web;

import java.util.List;
import net.mailstat.rrd.GraphKind;
import net.mailstat.rrd.GraphPeriod;

/** The HTML page: mailgraph.cgi's layout, one section per period, one image per graph. */
final class Page {
  private Page() {}

  static String render(String title, String hostKey, List<String> hosts, List<GraphKind> kinds, int refreshSeconds,
      Health health) {
    String heading = "Mail statistics for " + (hostKey == null ? title : hostKey);
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.append("<title>").append(escape(heading)).append("</title>\n");
    if (refreshSeconds > 0) {
      h.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
    }
    h.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(escape(heading)).append("</h1>\n");
    if (!hosts.isEmpty()) {
      String prefix = hostKey == null ? "" : "../../";
      h.append("<ul class=\"jump\" id=\"hosts\">\n  <li><a href=\"").append(prefix.isEmpty() ? "./" : prefix)
          .append("\">all hosts</a></li>\n");
      for (String host : hosts) {
        h.append("  <li><a href=\"").append(prefix).append("host/").append(escape(host)).append("/\">")
            .append(escape(host)).append("</a></li>\n");
      }
      h.append("</ul>\n");
    }
    if (health != null) {
      h.append("<div class=\"health ").append(health.healthy() ? "ok" : "bad").append("\" id=\"health\">\n<p><b>")
          .append(health.healthy() ? "healthy" : "UNHEALTHY").append("</b></p>\n<ul>\n");
      for (String line : health.lines()) {
        h.append("  <li>").append(escape(line)).append("</li>\n");
      }
      h.append("</ul>\n</div>\n");
    }
    h.append("<ul class=\"jump\">\n");
    for (GraphPeriod p : GraphPeriod.values()) {
      h.append("  <li><a href=\"#").append(p.key()).append("\">").append(p.title()).append("</a></li>\n");
    }
    h.append("</ul>\n");
    if (kinds.isEmpty()) {
      h.append("<p class=\"empty\">No data yet: the RRD files do not exist.</p>\n");
    }
    for (GraphPeriod p : GraphPeriod.values()) {
      h.append("<h2 id=\"").append(p.key()).append("\">").append(p.title()).append("</h2>\n<p>\n");
      for (GraphKind k : kinds) {
        h.append("<img src=\"graph/").append(k.key()).append('-').append(p.key()).append(".png\" alt=\"")
            .append(escape(k.title())).append(", ").append(p.title().toLowerCase(java.util.Locale.ROOT))
            .append("\"><br>\n");
      }
      h.append("</p>\n");
    }
    h.append("<hr>\n<p class=\"footer\">mailstat &middot; graphs drawn by rrd4j in the style of mailgraph"
        + " &middot; <a href=\"/api/counters\">counters</a> &middot; <a href=\"/metrics\">metrics</a></p>\n");
    h.append(MARK_IMAGES);
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Marks each graph loaded or broken, so a broken one stands out (and a browser test can tell). */
  private static final String MARK_IMAGES = """
      <script>
      document.querySelectorAll('img').forEach(function (img) {
        function mark(state) { img.setAttribute('data-state', state); }
        if (img.complete) { mark(img.naturalWidth > 0 ? 'loaded' : 'broken'); }
        img.addEventListener('load', function () { mark('loaded'); });
        img.addEventListener('error', function () { mark('broken'); });
      });
      </script>
      """;

  private static final String CSS = """
      * { margin: 0; padding: 0 }
      body { width: 660px; background-color: white; font-family: sans-serif; font-size: 12pt; margin: 5px }
      h1 { margin-top: 20px; margin-bottom: 30px; text-align: center }
      h2 { background-color: #ddd; padding: 2px 0 2px 4px; margin-top: 10px }
      hr { height: 1px; border: 0; border-top: 1px solid #aaa; margin-top: 10px }
      img { border: 0; margin-top: 4px }
      img[data-state="broken"] { outline: 2px dashed #a00; min-width: 540px; min-height: 100px }
      a { text-decoration: none; color: #00e }
      a:hover { text-decoration: underline }
      .jump { margin: 0 0 10px 4px }
      .jump li { list-style: none; display: inline; font-size: 90% }
      .jump li:after { content: " |" }
      .jump li:last-child:after { content: "" }
      .footer { font-size: 80%; color: #555 }
      .health { font-size: 80%; margin: 0 0 10px 4px; padding: 4px; border-left: 4px solid #090 }
      .health.bad { border-left-color: #a00 }
      .health li { list-style: none }
      """;
}
