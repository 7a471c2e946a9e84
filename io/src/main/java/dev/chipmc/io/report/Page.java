package dev.chipmc.io.report;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The report's HTML page being built: a header, a run description, sections with figures (inline SVG) and tables,
 * and a table of contents. The style sheet is inline; the page loads nothing.
 *
 * <p>Not thread-safe: one page per thread.
 */
final class Page {

  private static final String STYLE = """
      body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0;
             color: #1a1a1a; background: #f6f7f9; }
      main { max-width: 960px; margin: 0 auto; padding: 16px 24px 48px; background: #fff; }
      h1 { font-size: 1.6em; margin: 0.4em 0 0.2em; }
      h2 { font-size: 1.25em; border-bottom: 2px solid #4a8bc8; padding-bottom: 4px; margin-top: 1.6em; }
      figure { margin: 12px 0 20px; }
      figure svg { width: 100%; height: auto; display: block; }
      table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; }
      th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
      table.num td:not(:first-child):not(:nth-child(2)) { text-align: right; font-variant-numeric: tabular-nums; }
      th { background: #eef3f9; }
      .note { color: #7a4b00; background: #fff6e0; padding: 6px 10px; border-left: 3px solid #f0a030; }
      .generated { color: #777; font-size: 0.85em; }
      nav a { margin-right: 14px; }
      """;

  private final StringBuilder body = new StringBuilder();
  private final StringBuilder nav = new StringBuilder();
  private final String title;
  private final Instant generatedAt;

  Page(String title, Instant generatedAt) {
    this.title = title;
    this.generatedAt = generatedAt;
  }

  /** The description table: one row per entry; {@code dir} (if not null) first. */
  void meta(Map<String, String> meta, String dir) {
    body.append("<table class=\"meta\"><tbody>\n");
    if (dir != null) {
      row("directory", dir);
    }
    meta.forEach(this::row);
    body.append("</tbody></table>\n");
  }

  private void row(String k, String v) {
    body.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>\n");
  }

  void section(String id, String heading) {
    body.append("<section id=\"").append(Html.esc(id)).append("\"><h2>").append(Html.esc(heading))
        .append("</h2></section>\n");
    nav.append("<a href=\"#").append(Html.esc(id)).append("\">").append(Html.esc(heading)).append("</a>\n");
  }

  void figure(String id, String svg) {
    body.append("<figure id=\"fig-").append(Html.esc(id)).append("\">\n").append(svg).append("\n</figure>\n");
  }

  void raw(String html) {
    body.append(html).append('\n');
  }

  String finish() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + Html.esc(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<main>\n"
        + "<h1>" + Html.esc(title) + "</h1>\n"
        + "<p class=\"generated\">generated at "
        + DateTimeFormatter.ISO_INSTANT.format(generatedAt.truncatedTo(ChronoUnit.SECONDS)) + " by chipmc</p>\n"
        + "<nav>" + nav + "</nav>\n" + body + "</main>\n</body>\n</html>\n";
  }
}
