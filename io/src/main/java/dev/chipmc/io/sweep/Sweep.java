package dev.chipmc.io.sweep;

import dev.chipmc.engine.sampling.SamplerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sweep file read and checked: the base scenario, the run settings shared by every point, the
 * parameters and the points of the design (the format is described in {@code docs/sweeps.md}).
 *
 * @param file               the sweep file, for messages and {@code sweep.json}
 * @param base               the base scenario file, or {@code null} for the built-in reference scenario
 * @param independentStreams {@code false}: every point uses {@code seed} (common random numbers);
 *                           {@code true}: point {@code i} uses {@link #pointSeed}
 * @param design             {@code grid}, {@code list}, {@code oat} or {@code lhs}
 * @param designSeed         the seed of the design's own randomness (lhs)
 *
 * <p>Immutable and thread-safe.
 */
public record Sweep(String name, Path file, Path base, long samples, long seed, SamplerKind sampler,
        boolean independentStreams, boolean writeSamples, String design, long designSeed,
        List<Parameter> parameters, List<Point> points) {
    public Sweep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(design, "design");
        parameters = List.copyOf(parameters);
        points = List.copyOf(points);
    }

    /** A value as written (what the override receives) and its number when it is one. */
    public record Value(String text, Double number) {
        public Value {
            Objects.requireNonNull(text, "text");
        }

        static Value of(String text) {
            var n = dev.chipmc.io.scenario.Overrides.number(text);
            return new Value(text, n.isPresent() ? n.getAsDouble() : null);
        }
    }

    /**
     * One swept parameter: the places it sets (several for a linked parameter) and, with their
     * positions in the sweep file, the values it takes.
     */
    public record Parameter(String name, List<String> paths, List<Value> values, double lo, double hi, boolean integer,
            Value base) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            paths = List.copyOf(paths);
            values = List.copyOf(values);
        }
    }

    /** One point: its id, its seed, and each parameter's value ({@code null}: as in the base scenario). */
    public record Point(int id, long seed, List<Value> values) {
        public Point {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** The same sweep with another per-point sample count ({@code --samples}). */
    public Sweep withSamples(long n) {
        return new Sweep(name, file, base, n, seed, sampler, independentStreams, writeSamples, design, designSeed,
                parameters, points);
    }

    /** The same sweep with common random numbers or independent streams ({@code --independent-streams}). */
    public Sweep withIndependentStreams(boolean independent) {
        List<Point> ps = new ArrayList<>();
        for (Point p : points) {
            ps.add(new Point(p.id(), independent ? pointSeed(seed, p.id()) : seed, p.values()));
        }
        return new Sweep(name, file, base, samples, seed, sampler, independent, writeSamples, design, designSeed,
                parameters, ps);
    }

    /** The {@code --set} assignments of a point: every path of every parameter that has a value there. */
    public List<String> assignments(Point p) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < parameters.size(); j++) {
            Value v = p.values().get(j);
            if (v != null) {
                for (String path : parameters.get(j).paths()) {
                    out.add(path + "=" + v.text());
                }
            }
        }
        return out;
    }

    /**
     * The seed of point {@code id} with independent streams: the SplitMix64 finaliser of
     * {@code seed + (id + 1) * 0x9E3779B97F4A7C15}, so neighbouring points get unrelated streams.
     */
    public static long pointSeed(long seed, int id) {
        long z = seed + (id + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code point=NNNN}, at least four digits. */
    public static String pointDirName(int id) {
        return String.format(java.util.Locale.ROOT, "point=%04d", id);
    }
}
