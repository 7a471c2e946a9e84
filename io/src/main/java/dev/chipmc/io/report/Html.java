package dev.chipmc.io.report;

import java.util.Locale;

/** Text helpers of the report page: HTML escaping and number formats. Stateless and thread-safe. */
final class Html {

  private Html() {
  }

  /** Escapes {@code & < > " '} for element text and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A count of packages: {@code 16.15M}, {@code 118.9k}, {@code 950}; an en dash for NaN. */
  static String packages(double v) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.3fM", v / 1e6);
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  /** A probability as a percentage with one decimal; an en dash for NaN. */
  static String percent(double p) {
    return Double.isNaN(p) ? "\u2013" : String.format(Locale.ROOT, "%.1f %%", 100 * p);
  }

  /** A plain number, short: integers without decimals, others with up to 4 significant digits. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
