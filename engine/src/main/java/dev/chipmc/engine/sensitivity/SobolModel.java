package dev.chipmc.engine.sensitivity;

import java.util.List;

/**
 * A function of a point of the unit hypercube {@code [0,1)^d} with several outputs, as the Sobol
 * analysis sees it: a scenario (inputs through the copula and marginals, then the evaluator) or a
 * test function such as Ishigami's.
 *
 * <p>Implementations are immutable and thread-safe; each thread evaluates through its own
 * {@link Worker}.
 */
public interface SobolModel {

    /** {@code d}: the dimension of the hypercube a point lives in. */
    int dimensions();

    /** The outputs' names, in the order {@link Worker#evaluate} writes them. */
    List<String> outputNames();

    /** A new worker, for one thread. */
    Worker newWorker();

    /** Evaluates points; not thread-safe. */
    interface Worker {
        /**
         * @param u a point, length {@code >= dimensions()}, strictly inside {@code (0,1)}; left unchanged
         * @param out receives {@code outputNames().size()} values
         */
        void evaluate(double[] u, double[] out);
    }
}
