package dev.chipmc.io.scenario;

import dev.chipmc.model.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inline distribution syntax of scenario files and {@code --set}:
 * <pre>
 *   fixed(x)                    uni(lo, hi)                 tri(lo, mode, hi)
 *   pert(lo, mode, hi[, lambda]) normal(mean, sd[, lo, hi])  lognormal(mu, sigma[, lo, hi])
 *   beta(alpha, beta, lo, hi)   discrete([v..], [p..])      empirical([x..])
 *   histogram([edges..], [weights..])
 * </pre>
 * {@code uniform}, {@code triangular} are accepted for {@code uni}, {@code tri}. Numbers are
 * decimal ({@code 90e3}, {@code 1.5e6}, {@code 90_000}); truncation bounds may be {@code inf} or
 * {@code -inf}. {@link #format} writes the canonical form, which {@link #parse} reads back to an
 * equal record.
 *
 * <p>Stateless and thread-safe.
 */
public final class DistributionSyntax {
    private static final Pattern CALL = Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\(.*", Pattern.DOTALL);
    private static final Map<String, String> ALIASES = Map.of("uniform", "uni", "triangular", "tri");
    private static final List<String> NAMES = List.of("fixed", "uni", "tri", "pert", "normal", "lognormal", "beta",
            "discrete", "empirical", "histogram", "uniform", "triangular");

    private DistributionSyntax() {
    }

    /** Whether {@code text} is written as a call {@code name(...)}, so should be read as a distribution. */
    public static boolean looksLikeDistribution(String text) {
        return CALL.matcher(text).matches();
    }

    /**
     * Reads one distribution.
     *
     * @throws IllegalArgumentException with a message that says what is wrong, for bad syntax or
     *                                  parameters the distribution refuses (mode outside {@code [lo, hi]}, ...)
     */
    public static Distribution parse(String text) {
        Cursor c = new Cursor(text);
        c.skipSpace();
        String name = c.identifier();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("expected a distribution such as tri(1, 2, 3), got '" + text + "'");
        }
        String canonical = ALIASES.getOrDefault(name.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
        if (!NAMES.contains(canonical)) {
            throw new IllegalArgumentException("unknown distribution '" + name + "'" + Names.didYouMean(name, NAMES)
                    + " (known: fixed, uni, tri, pert, normal, lognormal, beta, discrete, empirical, histogram)");
        }
        c.skipSpace();
        c.expect('(');
        List<Object> args = new ArrayList<>();
        c.skipSpace();
        if (!c.peekIs(')')) {
            do {
                c.skipSpace();
                args.add(c.peekIs('[') ? c.list() : c.number());
                c.skipSpace();
            } while (c.accept(','));
        }
        c.expect(')');
        c.skipSpace();
        if (!c.atEnd()) {
            throw new IllegalArgumentException("unexpected '" + c.rest() + "' after " + canonical + "(...)");
        }
        try {
            return build(canonical, args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(canonical + ": " + e.getMessage(), e);
        }
    }

    private static Distribution build(String name, List<Object> a) {
        return switch (name) {
            case "fixed" -> new Distribution.Fixed(nums(a, name, "x")[0]);
            case "uni" -> {
                double[] x = nums(a, name, "lo", "hi");
                yield new Distribution.Uniform(x[0], x[1]);
            }
            case "tri" -> {
                double[] x = nums(a, name, "lo", "mode", "hi");
                yield new Distribution.Triangular(x[0], x[1], x[2]);
            }
            case "pert" -> {
                if (a.size() == 4) {
                    double[] x = nums(a, name, "lo", "mode", "hi", "lambda");
                    yield new Distribution.Pert(x[0], x[1], x[2], x[3]);
                }
                double[] x = nums(a, name, "lo", "mode", "hi");
                yield new Distribution.Pert(x[0], x[1], x[2]);
            }
            case "normal" -> {
                if (a.size() == 4) {
                    double[] x = nums(a, name, "mean", "sd", "lo", "hi");
                    yield new Distribution.Normal(x[0], x[1], x[2], x[3]);
                }
                double[] x = nums(a, name, "mean", "sd");
                yield new Distribution.Normal(x[0], x[1]);
            }
            case "lognormal" -> {
                if (a.size() == 4) {
                    double[] x = nums(a, name, "mu", "sigma", "lo", "hi");
                    yield new Distribution.LogNormal(x[0], x[1], x[2], x[3]);
                }
                double[] x = nums(a, name, "mu", "sigma");
                yield new Distribution.LogNormal(x[0], x[1]);
            }
            case "beta" -> {
                double[] x = nums(a, name, "alpha", "beta", "lo", "hi");
                yield new Distribution.Beta(x[0], x[1], x[2], x[3]);
            }
            case "discrete" -> {
                arity(a, name, "[values..], [probabilities..]", 2);
                yield new Distribution.Discrete(list(a, 0, "values"), list(a, 1, "probabilities"));
            }
            case "empirical" -> {
                arity(a, name, "[samples..]", 1);
                yield new Distribution.Empirical(list(a, 0, "samples"));
            }
            case "histogram" -> {
                arity(a, name, "[edges..], [weights..]", 2);
                yield new Distribution.Histogram(list(a, 0, "edges"), list(a, 1, "weights"));
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static void arity(List<Object> a, String name, String shape, int n) {
        if (a.size() != n) {
            throw new IllegalArgumentException("expects " + name + "(" + shape + "), got " + a.size() + " argument"
                    + (a.size() == 1 ? "" : "s"));
        }
    }

    private static double[] nums(List<Object> a, String name, String... params) {
        if (a.size() != params.length) {
            String optional = switch (name) {
                case "pert" -> " (lo, mode, hi[, lambda])";
                case "normal" -> " (mean, sd[, lo, hi])";
                case "lognormal" -> " (mu, sigma[, lo, hi])";
                default -> " (" + String.join(", ", params) + ")";
            };
            throw new IllegalArgumentException("expects " + (name.equals("pert") || name.equals("normal")
                    || name.equals("lognormal") ? "" : params.length + " ") + "numbers" + optional + ", got "
                    + a.size());
        }
        double[] x = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            if (!(a.get(i) instanceof Double d)) {
                throw new IllegalArgumentException(params[i] + ": expected a number, got a list");
            }
            x[i] = d;
        }
        return x;
    }

    @SuppressWarnings("unchecked")
    private static List<Double> list(List<Object> a, int i, String param) {
        if (!(a.get(i) instanceof List<?> l)) {
            throw new IllegalArgumentException(param + ": expected a list [a, b, ...], got a number");
        }
        return (List<Double>) l;
    }

    /** The canonical text of {@code d}, for messages, summaries and round trips. */
    public static String format(Distribution d) {
        return switch (d) {
            case Distribution.Fixed f -> "fixed(" + num(f.value()) + ")";
            case Distribution.Uniform u -> "uni(" + num(u.lo()) + ", " + num(u.hi()) + ")";
            case Distribution.Triangular t -> "tri(" + num(t.lo()) + ", " + num(t.mode()) + ", " + num(t.hi()) + ")";
            case Distribution.Pert p -> "pert(" + num(p.lo()) + ", " + num(p.mode()) + ", " + num(p.hi())
                    + (p.lambda() == Distribution.Pert.DEFAULT_LAMBDA ? "" : ", " + num(p.lambda())) + ")";
            case Distribution.Normal n -> "normal(" + num(n.mean()) + ", " + num(n.sd()) + bounds(n.lo(), n.hi()) + ")";
            case Distribution.LogNormal n -> "lognormal(" + num(n.mu()) + ", " + num(n.sigma())
                    + bounds(n.lo(), n.hi()) + ")";
            case Distribution.Beta b -> "beta(" + num(b.alpha()) + ", " + num(b.beta()) + ", " + num(b.lo()) + ", "
                    + num(b.hi()) + ")";
            case Distribution.Discrete x -> "discrete(" + nums(x.values()) + ", " + nums(x.probabilities()) + ")";
            case Distribution.Empirical e -> "empirical(" + nums(e.samples()) + ")";
            case Distribution.Histogram h -> "histogram(" + nums(h.edges()) + ", " + nums(h.weights()) + ")";
        };
    }

    private static String bounds(double lo, double hi) {
        return lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY ? "" : ", " + num(lo) + ", " + num(hi);
    }

    private static String nums(List<Double> xs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(num(xs.get(i)));
        }
        return b.append(']').toString();
    }

    /** A number the way a person writes it: {@code 90000}, {@code 0.05}, {@code 1.5e-7}, {@code inf}. */
    static String num(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return v == 0 ? "0" : Long.toString((long) v);
        }
        return Double.toString(v).replace("E", "e");
    }

    /**
     * Reads a plain number as scenario files write it ({@code 90e3}, {@code -0.05}, {@code 90_000}).
     *
     * @throws NumberFormatException when {@code text} is not one
     */
    static double parseNumber(String text) {
        String t = text.strip();
        if (!t.matches("[-+]?(\\d[\\d_]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw new NumberFormatException("not a number: '" + text + "'");
        }
        return Double.parseDouble(t.replace("_", ""));
    }

    /** A hand-written scanner over one distribution text. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        String rest() {
            return s.substring(i);
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean peekIs(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        boolean accept(char c) {
            if (peekIs(c)) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + (i + 1) + " of '" + s + "'"
                        + (atEnd() && c == ')' ? " (inside { } or [ ] in YAML, put the distribution in quotes: "
                                + "\"tri(1, 2, 3)\")" : ""));
            }
        }

        String identifier() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            return s.substring(start, i);
        }

        List<Double> list() {
            expect('[');
            List<Double> out = new ArrayList<>();
            skipSpace();
            if (accept(']')) {
                return out;
            }
            do {
                skipSpace();
                out.add(number());
                skipSpace();
            } while (accept(','));
            expect(']');
            return out;
        }

        double number() {
            int start = i;
            while (i < s.length() && "+-.0123456789_eEinfINF".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String t = s.substring(start, i);
            switch (t.toLowerCase(Locale.ROOT)) {
                case "inf", "+inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                }
            }
            try {
                return parseNumber(t);
            } catch (NumberFormatException e) {
                int end = i;
                while (end < s.length() && ",)]".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
                throw new IllegalArgumentException("expected a number at position " + (start + 1) + " of '" + s
                        + "', got '" + s.substring(start, end).strip() + "'", e);
            }
        }
    }
}
