package dev.chipmc.model.eval;

import dev.chipmc.model.BomLine;
import dev.chipmc.model.Event;
import dev.chipmc.model.Input;
import dev.chipmc.model.Periods;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Short constructors for the small hand-computed scenarios of the evaluator tests. */
final class TestScenarios {
    private TestScenarios() {
    }

    static Value v(double x) {
        return Value.of(x);
    }

    static Profile constant(double x) {
        return Profile.constant(x);
    }

    static Profile ramp(double start, double growth, double at) {
        return new Profile.Ramp(v(start), v(growth), v(at));
    }

    static Profile series(double... xs) {
        return new Profile.Series(Arrays.stream(xs).mapToObj(Value::of).toList());
    }

    static Profile step(double before, double after, double at) {
        return new Profile.Step(v(before), v(after), v(at));
    }

    static Profile learning(double initial, double fin, double tau, double at) {
        return new Profile.Learning(v(initial), v(fin), v(tau), v(at));
    }

    /** Good units = production, no carryover, no lag, no initial inventory. */
    static Resource plain(String name, Profile production) {
        return resource(name, new Supply.Plain(production, constant(1)), false, 0, 0, 0);
    }

    static Resource resource(String name, Supply supply, boolean carryover, double loss, int lag, double initial) {
        return new Resource(name, "units", supply, carryover, v(loss), lag, v(initial));
    }

    static BomLine line(String resource, double quantity) {
        return BomLine.count(BomLine.Kind.OTHER, resource, v(quantity));
    }

    /** Assembly and test yield 1, no target; {@code demand} null for no cap. */
    static Product product(String name, Profile demand, BomLine... bom) {
        return new Product(name, List.of(bom), constant(1), constant(1), Optional.ofNullable(demand),
                Optional.empty());
    }

    static Share share(String resource, String product, double fraction) {
        return new Share(resource, product, v(fraction));
    }

    static Event event(String name, double probability, int duration, double cut, String... resources) {
        return new Event(name, v(probability), duration, List.of(resources), v(cut));
    }

    static Scenario scenario(int periods, List<Input> inputs, List<Resource> resources, List<Product> products,
            List<Share> shares, List<Event> events) {
        return new Scenario("test", "", Periods.quarters(2026, 1, periods), inputs, resources, products, shares,
                events, List.of(), false, Optional.empty());
    }

    static Scenario scenario(int periods, List<Resource> resources, List<Product> products) {
        return scenario(periods, List.of(), resources, products, List.of(), List.of());
    }

    /** Compiles {@code s} and evaluates it with the given inputs and event uniforms. */
    static SampleOutput run(Scenario s, double[] inputs, double[] eventUniforms) {
        CompiledModel m = CompiledModel.compile(s);
        SampleOutput out = m.newOutput();
        m.newEvaluator().evaluate(inputs, eventUniforms, out);
        return out;
    }

    static SampleOutput run(Scenario s) {
        CompiledModel m = CompiledModel.compile(s);
        return run(s, new double[0], new double[m.eventUniformCount()]);
    }

    /** The {@code periods} values of row {@code row} of a flat {@code row * periods + t} array. */
    static double[] row(double[] flat, int row, int periods) {
        return Arrays.copyOfRange(flat, row * periods, (row + 1) * periods);
    }

    static int[] row(int[] flat, int row, int periods) {
        return Arrays.copyOfRange(flat, row * periods, (row + 1) * periods);
    }
}
