package dev.chipmc.io;

import java.util.regex.Pattern;

/**
 * Whole numbers as people write sample counts, on a command line or in a file: {@code 100000},
 * {@code 1_000_000}, {@code 1e6}, {@code 2.5e5}. Underscores may group digits anywhere; scientific
 * notation must name a whole number of magnitude at most {@value #MAX_SCIENTIFIC} (beyond it a double no
 * longer holds every whole number). Stateless and thread-safe.
 */
public final class WholeNumber {
    /** Largest magnitude accepted in decimal or scientific notation with a point or an exponent. */
    public static final double MAX_SCIENTIFIC = 9e15;
    /** Examples of what {@link #parse} accepts, for messages that say what to write. */
    public static final String EXAMPLES = "100000, 1_000_000 or 1e6";
    private static final String WRITE = "; write a whole number such as " + EXAMPLES;

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private WholeNumber() {
    }

    /**
     * The whole number {@code text} writes.
     *
     * @throws NumberFormatException if it writes none (not a number, a fraction, or too large); the message
     *                               says which and what to write instead
     */
    public static long parse(String text) {
        String t = text.strip().replace("_", "");
        if (INTEGER.matcher(t).matches()) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new NumberFormatException("'" + text + "' is beyond the largest whole number, " + Long.MAX_VALUE);
            }
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw new NumberFormatException("'" + text + "' is not a number" + WRITE);
        }
        double d = Double.parseDouble(t);
        if (d != Math.rint(d)) {
            throw new NumberFormatException("'" + text + "' is not a whole number" + WRITE);
        }
        if (Math.abs(d) > MAX_SCIENTIFIC) {
            throw new NumberFormatException("'" + text + "' is above " + (long) MAX_SCIENTIFIC
                    + " in scientific notation; write its digits");
        }
        return (long) d;
    }
}
