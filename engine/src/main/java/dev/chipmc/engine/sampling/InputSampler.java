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

    private final Marginal[] marginals;
    private final GaussianCopula copula;
    private final int eventUniforms;
    private final int scratchLength;

    private InputSampler(Marginal[] marginals, GaussianCopula copula, int eventUniforms) {
        this.marginals = marginals;
        this.copula = copula;
        this.eventUniforms = eventUniforms;
        this.scratchLength = 2 * copula.correlatedIndices().length;
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

        private Worker() {
        }

        /**
         * Maps {@code u} (left unchanged) to the inputs and the event uniforms. Does not allocate.
         *
         * @param u a point, length {@code >= dimensions()}, strictly inside {@code (0,1)}
         * @param inputsOut receives the {@code marginals.size()} input values
         * @param eventUniformsOut receives the {@code eventUniforms} event uniforms
         */
        public void map(double[] u, double[] inputsOut, double[] eventUniformsOut) {
            int k = marginals.length;
            System.arraycopy(u, 0, inputsOut, 0, k);
            copula.apply(inputsOut, scratch);
            for (int i = 0; i < k; i++) {
                inputsOut[i] = marginals[i].inverse(inputsOut[i]);
            }
            System.arraycopy(u, k, eventUniformsOut, 0, eventUniforms);
        }
    }
}
