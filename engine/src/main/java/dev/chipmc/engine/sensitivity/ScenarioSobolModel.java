package dev.chipmc.engine.sensitivity;

import dev.chipmc.engine.sampling.GaussianCopula;
import dev.chipmc.engine.sampling.InputSampler;
import dev.chipmc.model.Periods;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.Evaluator;
import dev.chipmc.model.eval.SampleOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled scenario as a {@link SobolModel}. A point {@code u} of dimension
 * {@code inputs + events x periods} is mapped exactly as in a run ({@link InputSampler}: the Gaussian
 * copula on the correlated inputs, then each marginal's inverse CDF; the event uniforms unchanged) and
 * evaluated. Because the copula is applied to the point after the pick-freeze column swap, a row of
 * {@code A_B^i} has the scenario's joint distribution, and the indices are those of the
 * <em>independent uniforms</em> behind the inputs (see docs/sensitivity.md for what that means with
 * correlated inputs).
 *
 * <p>Outputs: good packages of all products over the horizon and in each calendar year (quarterly
 * periods), good packages of each product over the horizon, and the horizon shortfall
 * {@code max(0, sum G - sum V)} of every entity with a target ({@link Output}).
 *
 * <p>Immutable and thread-safe; each thread evaluates through its own worker.
 */
public final class ScenarioSobolModel implements SobolModel {

    /** The factor of all event uniforms together. */
    public static final String EVENTS = "events";
    public static final String ALL = "all";

    /** One output: {@code metric} ({@code good} or {@code shortfall}), entity and span (half-open periods). */
    public record Output(String metric, String product, String period, int entity, int spanStart, int spanEnd) {
        /** The name written to {@code sobol.parquet}'s {@code output} column: {@code metric:product:period}. */
        public String name() {
            return metric + ":" + product + ":" + period;
        }
    }

    private final CompiledModel model;
    private final InputSampler sampler;
    private final GaussianCopula copula;
    private final List<Output> outputs;
    private final List<String> names;

    private ScenarioSobolModel(CompiledModel model) {
        this.model = model;
        var s = model.scenario();
        this.copula = GaussianCopula.of(model.inputNames(), s.correlations(), s.repairCorrelations());
        this.sampler = InputSampler.of(model.inputDistributions(), copula, model.eventUniformCount());
        int products = model.products();
        int periods = model.periods();
        List<Output> out = new ArrayList<>();
        out.add(new Output("good", ALL, ALL, products, 0, periods));
        Periods ps = s.periods();
        if (ps.quarterly()) {
            int t = 0;
            while (t < periods) {
                var y = ps.year(t);
                int end = t;
                while (end < periods && ps.year(end).equals(y)) {
                    end++;
                }
                out.add(new Output("good", ALL, Integer.toString(y.getAsInt()), products, t, end));
                t = end;
            }
        }
        for (int p = 0; p < products; p++) {
            out.add(new Output("good", model.productName(p), ALL, p, 0, periods));
        }
        for (int p = 0; p < products; p++) {
            if (model.hasTarget(p)) {
                out.add(new Output("shortfall", model.productName(p), ALL, p, 0, periods));
            }
        }
        if (model.hasTotalTarget()) {
            out.add(new Output("shortfall", ALL, ALL, products, 0, periods));
        }
        this.outputs = List.copyOf(out);
        this.names = outputs.stream().map(Output::name).toList();
    }

    /**
     * @throws IllegalArgumentException naming a scenario problem the engine finds (a correlation
     *     matrix that is not positive definite)
     */
    public static ScenarioSobolModel of(CompiledModel model) {
        return new ScenarioSobolModel(Objects.requireNonNull(model, "model"));
    }

    public CompiledModel model() {
        return model;
    }

    public List<Output> outputs() {
        return outputs;
    }

    /** The copula's warning when it repaired the scenario's correlation matrix. */
    public Optional<String> correlationWarning() {
        return copula.repairWarning();
    }

    @Override
    public int dimensions() {
        return sampler.dimensions();
    }

    @Override
    public List<String> outputNames() {
        return names;
    }

    /**
     * The factors: each group (name to the input names it holds, in the map's order) is one factor;
     * every input in no group is a factor of its own, in input order; all event uniforms together are
     * the factor {@value #EVENTS} (when the scenario has events).
     *
     * @throws IllegalArgumentException for an unknown input, an input in two groups, an empty group or
     *     a group named {@value #EVENTS}, or like a factor of an input
     */
    public List<Factor> factors(Map<String, List<String>> groups) {
        List<String> inputs = model.inputNames();
        Map<String, String> owner = new LinkedHashMap<>();
        List<Factor> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            String name = g.getKey();
            if (name.equals(EVENTS) && model.eventUniformCount() > 0) {
                throw new IllegalArgumentException("groups: '" + EVENTS + "' is the factor of the event uniforms");
            }
            if (inputs.contains(name) && !g.getValue().equals(List.of(name))) {
                throw new IllegalArgumentException("groups: group '" + name + "' has the name of an input");
            }
            if (g.getValue().isEmpty()) {
                throw new IllegalArgumentException("groups: group '" + name + "' holds no input");
            }
            int[] dims = new int[g.getValue().size()];
            int j = 0;
            for (String in : g.getValue()) {
                int idx = model.inputIndex(in);
                if (idx < 0) {
                    throw new IllegalArgumentException("groups: group '" + name + "' names '" + in
                            + "', which is not an uncertain input of the scenario");
                }
                String prev = owner.putIfAbsent(in, name);
                if (prev != null) {
                    throw new IllegalArgumentException("groups: input '" + in + "' is in groups '" + prev + "' and '"
                            + name + "'");
                }
                dims[j++] = idx;
            }
            out.add(new Factor(name, dims));
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!owner.containsKey(inputs.get(i))) {
                out.add(Factor.of(inputs.get(i), i));
            }
        }
        int ev = model.eventUniformCount();
        if (ev > 0) {
            int[] dims = new int[ev];
            for (int e = 0; e < ev; e++) {
                dims[e] = model.inputCount() + e;
            }
            out.add(new Factor(EVENTS, dims));
        }
        return List.copyOf(out);
    }

    @Override
    public SobolModel.Worker newWorker() {
        return new Worker();
    }

    private final class Worker implements SobolModel.Worker {
        final Evaluator evaluator = model.newEvaluator();
        final SampleOutput out = model.newOutput();
        final InputSampler.Worker inputs = sampler.newWorker();
        final double[] x = new double[model.inputCount()];
        final double[] eventU = new double[model.eventUniformCount()];

        @Override
        public void evaluate(double[] u, double[] result) {
            inputs.map(u, x, eventU);
            evaluator.evaluate(x, eventU, out);
            int products = model.products();
            int periods = model.periods();
            for (int o = 0; o < outputs.size(); o++) {
                Output def = outputs.get(o);
                double good = 0;
                double target = 0;
                boolean shortfall = def.metric().equals("shortfall");
                for (int t = def.spanStart(); t < def.spanEnd(); t++) {
                    if (def.entity() == products) {
                        for (int p = 0; p < products; p++) {
                            good += out.good[p * periods + t];
                        }
                        if (shortfall) {
                            target += evaluator.totalTarget(t);
                        }
                    } else {
                        good += out.good[def.entity() * periods + t];
                        if (shortfall) {
                            target += out.target[def.entity() * periods + t];
                        }
                    }
                }
                result[o] = shortfall ? Math.max(0, target - good) : good;
            }
        }
    }
}
