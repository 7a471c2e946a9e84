package dev.chipmc.io.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the report's inline SVGs back in tests: each chart by id, shapes counted by fill colour. */
final class Svgs {
    private static final Pattern SVG = Pattern.compile("<svg id='([^']+)'.*?</svg>", Pattern.DOTALL);

    private Svgs() {
    }

    /** Every inline SVG of the page, by element id, in page order. */
    static Map<String, String> byId(String html) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = SVG.matcher(html);
        while (x.find()) {
            m.put(x.group(1), x.group());
        }
        return m;
    }

    /** Elements (rect, path or group) whose style fills them with {@code c}, as JFreeSVG writes it. */
    static int filled(String svg, Color c) {
        return count(svg, String.format(Locale.ROOT, "fill:rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue()));
    }

    /** {@code <rect>} elements filled with {@code c} whose height is above zero. */
    static int bars(String svg, Color c) {
        Pattern p = Pattern.compile("<rect [^>]*height='([0-9.Ee-]+)'[^>]*style='fill:rgb\\(" + c.getRed() + ","
                + c.getGreen() + "," + c.getBlue() + "\\)'");
        Matcher m = p.matcher(svg);
        int n = 0;
        while (m.find()) {
            if (Double.parseDouble(m.group(1)) > 0) {
                n++;
            }
        }
        return n;
    }

    /** Whether the SVG holds a text element whose content is exactly {@code text}. */
    static boolean hasText(String svg, String text) {
        return svg.contains(">" + Html.esc(text) + "</text>");
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
