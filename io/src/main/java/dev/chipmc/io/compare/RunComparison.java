package dev.chipmc.io.compare;

import dev.chipmc.io.BadInputException;
import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.Table;
import dev.chipmc.io.parquet.TableWriter;
import dev.chipmc.io.run.RunJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two finished runs ({@code chipmc compare RUN_A RUN_B}) from their {@code summary.parquet}:
 * for good packages of all products and of each product, per calendar year and over the horizon, the
 * shift {@code B - A} of the mean, of the 5 %, 50 % and 95 % quantiles and of P(below target), each with
 * a confidence interval (95 % by default) that treats the runs as independent:
 * <ul>
 *   <li><b>mean</b>: {@code +- z sqrt(se_A^2 + se_B^2)};</li>
 *   <li><b>quantile</b> {@code q_p}: the asymptotic standard error of a sample quantile,
 *   {@code sqrt(p (1 - p) / n) / f(q_p)}, per run, combined like the means, with the density
 *   {@code f(q_p)} estimated from the neighbouring quantiles of the same summary row:
 *   {@code f(q_05) ~ 0.09 / (q_10 - q_01)}, {@code f(q_50) ~ 0.5 / (q_75 - q_25)},
 *   {@code f(q_95) ~ 0.09 / (q_99 - q_90)}; a sketched quantile adds its rank error over the density
 *   ({@code quantile_rank_error / f}) to each run's half-width;</li>
 *   <li><b>P(below target)</b>: the Wald interval of a difference of two proportions,
 *   {@code +- z sqrt(p_A (1 - p_A) / n_A + p_B (1 - p_B) / n_B)}.</li>
 * </ul>
 * A shift is flagged <em>real</em> when its interval excludes 0. With the same seed the two runs use
 * common random numbers and are positively correlated, so these independent-run intervals are
 * conservative (too wide) then. At 95 % about one shift in twenty is flagged by chance when nothing
 * changed.
 *
 * <p>Stateless and thread-safe.
 */
public final class RunComparison {

    /** The quantities compared for each (product, period). */
    public static final List<String> QUANTITIES = List.of("mean", "p05", "p50", "p95", "p_below_target");

    /** One compared quantity: its values in A and B, the shift and its interval. */
    public record Shift(String product, String period, String span, String quantity, double a, double b,
            double shift, double low, double high, boolean real) {
    }

    /** The comparison; {@code sameSeed} when both runs' metadata name the same seed. */
    public record Result(Path runA, Path runB, double confidence, boolean sameSeed, long samplesA, long samplesB,
            List<Shift> shifts) {
        public Result {
            shifts = List.copyOf(shifts);
        }

        /** The shift of {@code quantity} for product (or {@code all}) and period (a year or {@code all}), if compared. */
        public Shift find(String product, String period, String quantity) {
            for (Shift s : shifts) {
                if (s.product.equals(product) && s.period.equals(period) && s.quantity.equals(quantity)) {
                    return s;
                }
            }
            return null;
        }
    }

    private RunComparison() {
    }

    /**
     * @param confidence the level of the intervals, in {@code (0, 1)}
     * @throws BadInputException when a directory holds no finished run, or the runs have different
     *     periods or products
     */
    public static Result compare(Path runA, Path runB, double confidence) throws BadInputException, IOException {
        Objects.requireNonNull(runA, "runA");
        Objects.requireNonNull(runB, "runB");
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence: must be in (0, 1), got " + confidence);
        }
        Table ta = summary(runA);
        Table tb = summary(runB);
        String periodsA = ta.metadata().getOrDefault("chipmc.periods", "");
        String periodsB = tb.metadata().getOrDefault("chipmc.periods", "");
        if (!periodsA.equals(periodsB)) {
            throw new BadInputException("the runs have different periods: " + runA + " has [" + periodsA + "], "
                    + runB + " has [" + periodsB + "]; only runs over the same periods can be compared");
        }
        Map<String, Long> rowsA = headlineRows(ta);
        Map<String, Long> rowsB = headlineRows(tb);
        List<String> productsA = products(rowsA);
        List<String> productsB = products(rowsB);
        if (!productsA.equals(productsB)) {
            throw new BadInputException("the runs have different products: " + runA + " has " + productsA + ", "
                    + runB + " has " + productsB + "; only runs of the same products can be compared");
        }
        double z = normalQuantile(0.5 + confidence / 2);
        List<Shift> out = new ArrayList<>();
        long nA = 0;
        long nB = 0;
        for (Map.Entry<String, Long> e : rowsA.entrySet()) {
            Long rb = rowsB.get(e.getKey());
            if (rb == null) {
                throw new BadInputException("the runs have different summary rows: " + runB + " lacks good packages of "
                        + e.getKey().replace('\u0000', ' ') + "; compare runs of the same scenario structure");
            }
            long ra = e.getValue();
            nA = ta.getLong(ra, "count");
            nB = tb.getLong(rb, "count");
            String product = ta.getString(ra, "product");
            String period = ta.getString(ra, "period");
            String span = ta.getString(ra, "span");
            for (String q : QUANTITIES) {
                double a;
                double b;
                double halfA;
                double halfB;
                if (q.equals("mean")) {
                    a = ta.getDouble(ra, "mean");
                    b = tb.getDouble(rb, "mean");
                    halfA = ta.getDouble(ra, "se");
                    halfB = tb.getDouble(rb, "se");
                    double h = z * Math.hypot(halfA, halfB);
                    out.add(shift(product, period, span, q, a, b, h));
                } else if (q.equals("p_below_target")) {
                    if (ta.isNull(ra, q) || tb.isNull(rb, q)) {
                        continue;
                    }
                    a = ta.getDouble(ra, q);
                    b = tb.getDouble(rb, q);
                    double h = z * Math.sqrt(a * (1 - a) / nA + b * (1 - b) / nB);
                    out.add(shift(product, period, span, q, a, b, h));
                } else {
                    double p = Integer.parseInt(q.substring(1)) / 100.0;
                    a = ta.getDouble(ra, q);
                    b = tb.getDouble(rb, q);
                    double[] sa = quantileError(ta, ra, q, p);
                    double[] sb = quantileError(tb, rb, q, p);
                    double h = z * Math.hypot(sa[0], sb[0]) + sa[1] + sb[1];
                    out.add(shift(product, period, span, q, a, b, h));
                }
            }
        }
        boolean sameSeed = Objects.equals(ta.metadata().get("chipmc.seed"), tb.metadata().get("chipmc.seed"));
        return new Result(runA, runB, confidence, sameSeed, nA, nB, out);
    }

    private static Shift shift(String product, String period, String span, String q, double a, double b, double half) {
        double d = b - a;
        double lo = d - half;
        double hi = d + half;
        return new Shift(product, period, span, q, a, b, d, lo, hi, lo > 0 || hi < 0);
    }

    /**
     * {@code {se, rankHalfWidth}} of quantile {@code q} (probability {@code p}) of a summary row: the
     * asymptotic standard error {@code sqrt(p (1 - p) / n) / f} and a sketch's rank error over {@code f}.
     * Where the neighbouring quantiles coincide (a constant output), both are 0.
     */
    static double[] quantileError(Table t, long row, String q, double p) {
        String lo;
        String hi;
        double mass;
        switch (q) {
            case "p05" -> {
                lo = "p01";
                hi = "p10";
                mass = 0.09;
            }
            case "p50" -> {
                lo = "p25";
                hi = "p75";
                mass = 0.5;
            }
            case "p95" -> {
                lo = "p90";
                hi = "p99";
                mass = 0.09;
            }
            default -> throw new IllegalArgumentException("q: " + q);
        }
        double width = t.getDouble(row, hi) - t.getDouble(row, lo);
        if (!(width > 0)) {
            return new double[] {0, 0};
        }
        double density = mass / width;
        long n = t.getLong(row, "count");
        double se = Math.sqrt(p * (1 - p) / n) / density;
        double rank = t.columnIndex("quantile_rank_error") >= 0 && !t.isNull(row, "quantile_rank_error")
                ? t.getDouble(row, "quantile_rank_error") : 0;
        return new double[] {se, rank / density};
    }

    private static Table summary(Path run) throws BadInputException, IOException {
        Path f = run.resolve("summary.parquet");
        if (!Files.isRegularFile(f)) {
            String hint = RunJob.unfinished(run).map(s -> " (" + s + ")").orElse("");
            throw new BadInputException(run + ": not a finished run directory (no summary.parquet)" + hint);
        }
        return Table.read(f);
    }

    /** Row of each (product, period) of good packages per year and over the horizon, keyed product NUL period. */
    private static Map<String, Long> headlineRows(Table t) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (long r = 0; r < t.rows(); r++) {
            String span = t.getString(r, "span");
            if (t.getString(r, "metric").equals("good") && (span.equals("year") || span.equals("horizon"))) {
                m.put(t.getString(r, "product") + '\u0000' + t.getString(r, "period"), r);
            }
        }
        return m;
    }

    private static List<String> products(Map<String, Long> rows) {
        List<String> p = new ArrayList<>();
        for (String k : rows.keySet()) {
            String name = k.substring(0, k.indexOf('\u0000'));
            if (!p.contains(name)) {
                p.add(name);
            }
        }
        return p;
    }

    /** Writes every shift to {@code file}. */
    public static void write(Result r, Path file) throws IOException {
        List<Column> schema = List.of(Column.string("product"), Column.string("period"), Column.string("span"),
                Column.string("quantity"), Column.dbl("a"), Column.dbl("b"), Column.dbl("shift"),
                Column.dbl("ci_low"), Column.dbl("ci_high"), Column.bool("real"));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("chipmc.run_a", r.runA().toString());
        meta.put("chipmc.run_b", r.runB().toString());
        meta.put("chipmc.confidence", Double.toString(r.confidence()));
        try (TableWriter w = TableWriter.create(file, schema, meta)) {
            for (Shift s : r.shifts()) {
                int c = 0;
                w.setString(c++, s.product());
                w.setString(c++, s.period());
                w.setString(c++, s.span());
                w.setString(c++, s.quantity());
                w.setDouble(c++, s.a());
                w.setDouble(c++, s.b());
                w.setDouble(c++, s.shift());
                w.setDouble(c++, s.low());
                w.setDouble(c++, s.high());
                w.setBoolean(c++, s.real());
                w.endRow();
            }
        }
    }

    /** The printed table: one line per shift, the flag last. */
    public static String format(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "chipmc compare: B = %s minus A = %s (%,d and %,d samples), %.0f %% intervals%n",
                r.runB(), r.runA(), r.samplesB(), r.samplesA(), 100 * r.confidence()));
        if (r.sameSeed()) {
            b.append("note: both runs use the same seed (common random numbers): they are positively correlated, so\n"
                    + "      these independent-run intervals are conservative.\n");
        }
        b.append(String.format(Locale.ROOT, "%nGood packages%n  %-24s %-7s %-14s %14s %14s %14s  %-31s %s%n", "product",
                "period", "quantity", "A", "B", "shift", "interval", "flag"));
        long flagged = 0;
        for (Shift s : r.shifts()) {
            boolean prob = s.quantity().equals("p_below_target");
            String fmt = prob ? "%14.4f" : "%14.0f";
            b.append(String.format(Locale.ROOT, "  %-24s %-7s %-14s " + fmt + " " + fmt + " " + (prob ? "%+14.4f" : "%+14.0f")
                    + "  [" + (prob ? "%+.4f, %+.4f" : "%+.0f, %+.0f") + "]%s%n", s.product(), s.period(), s.quantity(),
                    s.a(), s.b(), s.shift(), s.low(), s.high(), s.real() ? "  real" : ""));
            flagged += s.real() ? 1 : 0;
        }
        b.append(String.format(Locale.ROOT, "%n%d of %d shifts flagged real (the interval excludes 0); with no change about "
                + "%.0f %% are flagged by chance.%n", flagged, r.shifts().size(), 100 * (1 - r.confidence())));
        return b.toString();
    }

    /** The standard normal quantile (Acklam's algorithm refined by one Halley step; relative error < 1e-15). */
    static double normalQuantile(double p) {
        return dev.chipmc.engine.sampling.GaussianCopula.inverseStandardNormal(p);
    }
}
