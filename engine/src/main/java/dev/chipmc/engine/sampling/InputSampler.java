package dev.chipmc.engine.sampling;

import java.util.List;
import java.util.Objects;

import dev.chipmc.model.Distribution;

/**
 * Maps a point of the unit hypercube to one sample's inputs (MODEL.md section 2): the first
 * {@code k = marginals.size()} coordinates go through the {@link GaussianCopula} and then each
 * through its {@link Marginal}'s inverse CDF; the last {@code eventUniforms} coordinates are the
 * events' per-period uniforms (MODEL.md section 7), passed through unchanged, so events draw from
 * the same point as the inputs.
 *
 * <p>Immutable and thread-safe; each thread maps through its own {@link Worker}.
 */
public final class InputSampler {

    private static final long SIGN = Long.MIN_VALUE;

    private final Marginal[] marginals;
    private final GaussianCopula copula;
    private final int eventUniforms;
    private final int scratchLength;

    // The marginals by family, structure of arrays, so that map runs one tight loop per family
    // instead of one megamorphic call per input. Each input is in exactly one family.
    private final int[] triIndex;
    private final double[] triSplit;
    private final double[] triLeft;
    private final double[] triRight;
    private final long[] triLoBits;
    private final long[] triHiBits;
    private final int[] uniIndex;
    private final double[] uniLo;
    private final double[] uniRange;
    private final int[] otherIndex;
    private final Marginal[] other;

    private InputSampler(Marginal[] marginals, GaussianCopula copula, int eventUniforms) {
        this.marginals = marginals;
        this.copula = copula;
        this.eventUniforms = eventUniforms;
        this.scratchLength = 2 * copula.correlatedIndices().length;
        int tri = 0;
        int uni = 0;
        for (Marginal m : marginals) {
            if (m instanceof Marginals.Triangular) {
                tri++;
            } else if (m instanceof Marginals.Uniform) {
                uni++;
            }
        }
        triIndex = new int[tri];
        triSplit = new double[tri];
        triLeft = new double[tri];
        triRight = new double[tri];
        triLoBits = new long[tri];
        triHiBits = new long[tri];
        uniIndex = new int[uni];
        uniLo = new double[uni];
        uniRange = new double[uni];
        otherIndex = new int[marginals.length - tri - uni];
        other = new Marginal[otherIndex.length];
        int t = 0;
        int n = 0;
        int o = 0;
        for (int i = 0; i < marginals.length; i++) {
            switch (marginals[i]) {
                case Marginals.Triangular m -> {
                    triIndex[t] = i;
                    triSplit[t] = m.split;
                    triLeft[t] = m.left;
                    triRight[t] = m.right;
                    triLoBits[t] = Double.doubleToRawLongBits(m.lo);
                    triHiBits[t] = Double.doubleToRawLongBits(m.hi);
                    t++;
                }
                case Marginals.Uniform m -> {
                    uniIndex[n] = i;
                    uniLo[n] = m.lo();
                    uniRange[n] = m.range();
                    n++;
                }
                default -> {
                    otherIndex[o] = i;
                    other[o] = marginals[i];
                    o++;
                }
            }
        }
    }

    /**
     * @param marginals the distribution of each uncertain input, in input-vector order
     * @param copula the copula over the same inputs
     * @param eventUniforms the number of event uniforms, {@code >= 0}
     * @throws IllegalArgumentException when the copula was built for another number of inputs, or
     *     {@code eventUniforms < 0}
     */
    public static InputSampler of(List<Distribution> marginals, GaussianCopula copula, int eventUniforms) {
        Objects.requireNonNull(marginals, "marginals");
        Objects.requireNonNull(copula, "copula");
        if (eventUniforms < 0) {
            throw new IllegalArgumentException("eventUniforms: must be >= 0, got " + eventUniforms);
        }
        if (copula.inputCount() != marginals.size()) {
            throw new IllegalArgumentException("copula: built for " + copula.inputCount() + " inputs, but "
                    + marginals.size() + " marginals are given");
        }
        Marginal[] m = new Marginal[marginals.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = Marginal.of(Objects.requireNonNull(marginals.get(i), "marginals[" + i + "]"));
        }
        return new InputSampler(m, copula, eventUniforms);
    }

    /** The dimension of the hypercube: {@code marginals.size() + eventUniforms}. */
    public int dimensions() {
        return marginals.length + eventUniforms;
    }

    /** A new worker, for one thread. */
    public Worker newWorker() {
        return new Worker();
    }

    /** Per-thread scratch space for {@link #map}; not thread-safe. */
    public final class Worker {
        private final double[] scratch = new double[scratchLength];
        private final double[] tri = new double[triIndex.length];

        private Worker() {
        }

        /**
         * Maps {@code u} (left unchanged) to the inputs and the event uniforms. Does not allocate.
         * Gives the same doubles as {@code marginals[i].inverse} on the copula's output, input by
         * input: the families are only evaluated in another order, and the triangular formula
         * branch-free (both candidates computed, one selected by the sign of {@code u - split}).
         *
         * @param u a point, length {@code >= dimensions()}, strictly inside {@code (0,1)}
         * @param inputsOut receives the {@code marginals.size()} input values
         * @param eventUniformsOut receives the {@code eventUniforms} event uniforms
         */
        public void map(double[] u, double[] inputsOut, double[] eventUniformsOut) {
            int k = marginals.length;
            System.arraycopy(u, 0, inputsOut, 0, k);
            copula.apply(inputsOut, scratch);
            triangular(inputsOut);
            for (int i = 0; i < uniIndex.length; i++) {
                int j = uniIndex[i];
                inputsOut[j] = uniLo[i] + inputsOut[j] * uniRange[i];
            }
            for (int i = 0; i < otherIndex.length; i++) {
                int j = otherIndex[i];
                inputsOut[j] = other[i].inverse(inputsOut[j]);
            }
            System.arraycopy(u, k, eventUniformsOut, 0, eventUniforms);
        }

        /**
         * {@code u < split ? lo + sqrt(u left) : hi - sqrt((1 - u) right)} for every triangular
         * input, without a branch: the mask {@code m} is all ones exactly when {@code u - split < 0}
         * (the rounded difference has the sign of the exact one, and is +0 when they are equal), it
         * selects the radicand and the base, and {@code hi - s} is written {@code hi + (-s)}, the
         * same double.
         */
        private void triangular(double[] x) {
            int n = triIndex.length;
            double[] w = tri;
            for (int i = 0; i < n; i++) {
                w[i] = x[triIndex[i]];
            }
            for (int i = 0; i < n; i++) {
                double v = w[i];
                long m = Double.doubleToRawLongBits(v - triSplit[i]) >> 63;
                long l = Double.doubleToRawLongBits(v * triLeft[i]);
                long r = Double.doubleToRawLongBits((1 - v) * triRight[i]);
                double s = Math.sqrt(Double.longBitsToDouble((l & m) | (r & ~m)));
                double base = Double.longBitsToDouble((triLoBits[i] & m) | (triHiBits[i] & ~m));
                w[i] = base + Double.longBitsToDouble(Double.doubleToRawLongBits(s) ^ (~m & SIGN));
            }
            for (int i = 0; i < n; i++) {
                x[triIndex[i]] = w[i];
            }
        }
    }
}
