package dev.chipmc.model.eval;

import static dev.chipmc.model.eval.TestScenarios.constant;
import static dev.chipmc.model.eval.TestScenarios.line;
import static dev.chipmc.model.eval.TestScenarios.product;
import static dev.chipmc.model.eval.TestScenarios.resource;
import static dev.chipmc.model.eval.TestScenarios.scenario;
import static dev.chipmc.model.eval.TestScenarios.share;
import static dev.chipmc.model.eval.TestScenarios.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.model.Bonding;
import dev.chipmc.model.BomLine;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Event;
import dev.chipmc.model.Input;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.ReferenceScenarioFixture;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.YieldModel;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The tuned {@link Evaluator} against {@link StraightEvaluator}, the evaluation as first written: on
 * random samples every output must be identical, bit for bit (binding codes included). The tuning
 * only skips work whose result is known exactly ({@code pow(f, 0) = 1}, event factors of 1, profiles
 * of constants, a division by a power of two done as the exact multiplication, a quotient reused
 * instead of recomputed), so there is no tolerance to state. Inputs are drawn uniformly over each
 * distribution's support (fixed seeds), and the event uniforms from {@code [0, 0.1)} in half the
 * samples so that outages fire in many periods, overlapping and not.
 */
class EvaluatorEquivalenceTest {
    private static final int SAMPLES = 2000;

    static double lo(Distribution d) {
        return switch (d) {
            case Distribution.Triangular t -> t.lo();
            case Distribution.Pert p -> p.lo();
            case Distribution.Uniform u -> u.lo();
            default -> throw new IllegalArgumentException(d.toString());
        };
    }

    static double hi(Distribution d) {
        return switch (d) {
            case Distribution.Triangular t -> t.hi();
            case Distribution.Pert p -> p.hi();
            case Distribution.Uniform u -> u.hi();
            default -> throw new IllegalArgumentException(d.toString());
        };
    }

    private static void assertIdentical(SampleOutput expected, SampleOutput actual, int sample) {
        String w = "sample " + sample;
        assertArrayEquals(expected.started, actual.started, 0, w);
        assertArrayEquals(expected.good, actual.good, 0, w);
        assertArrayEquals(expected.shortfall, actual.shortfall, 0, w);
        assertArrayEquals(expected.target, actual.target, 0, w);
        assertArrayEquals(expected.binding, actual.binding, w);
        assertArrayEquals(expected.available, actual.available, 0, w);
        assertArrayEquals(expected.used, actual.used, 0, w);
        assertArrayEquals(expected.inventory, actual.inventory, 0, w);
        assertArrayEquals(expected.utilisation, actual.utilisation, 0, w);
    }

    /**
     * Where {@link Evaluator#mayBind} is false, unlimiting the resource in that period changes no
     * product's volume, bit for bit: the promise that lets a run skip those relaxations.
     */
    private static void relaxationsSkippable(CompiledModel m, Evaluator e, SampleOutput out, double[] relaxed, int k) {
        for (int r = 0; r < m.resources(); r++) {
            for (int t = 0; t < m.periods(); t++) {
                if (e.mayBind(r, t)) {
                    boundSeen++;
                    continue;
                }
                skippableSeen++;
                e.relaxedGood(r, t, relaxed);
                for (int p = 0; p < m.products(); p++) {
                    assertEquals(Double.doubleToRawLongBits(out.good[p * m.periods() + t]),
                            Double.doubleToRawLongBits(relaxed[p]), "sample " + k + " resource " + r + " period " + t);
                }
            }
        }
    }

    private static long boundSeen;
    private static long skippableSeen;

    /** Evaluates {@code SAMPLES} random samples with both evaluators; returns how many had an event fire. */
    private static int compare(Scenario s, long seed) {
        CompiledModel m = CompiledModel.compile(s);
        Evaluator tuned = m.newEvaluator();
        StraightEvaluator straight = new StraightEvaluator(m);
        SampleOutput a = m.newOutput();
        SampleOutput b = m.newOutput();
        Evaluator tracked = m.newEvaluator();
        SampleOutput c = m.newOutput();
        double[] relaxed = new double[m.products()];
        BatchEvaluator batch = BatchEvaluator.create(m).orElse(null);
        int lanes = batch == null ? 0 : batch.lanes();
        double[][] laneX = new double[lanes][m.inputCount()];
        double[][] laneU = new double[lanes][m.eventUniformCount()];
        SampleOutput[] laneExpected = new SampleOutput[lanes];
        SampleOutput[] laneOut = new SampleOutput[lanes];
        for (int l = 0; l < lanes; l++) {
            laneExpected[l] = m.newOutput();
            laneOut[l] = m.newOutput();
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[m.inputCount()];
        double[] u = new double[m.eventUniformCount()];
        int fired = 0;
        for (int k = 0; k < SAMPLES; k++) {
            for (int i = 0; i < x.length; i++) {
                Distribution d = m.inputDistributions().get(i);
                x[i] = rng.nextDouble(lo(d), hi(d));
            }
            double scale = (k & 1) == 0 ? 0.1 : 1;
            boolean any = false;
            for (int i = 0; i < u.length; i++) {
                u[i] = rng.nextDouble() * scale;
                any |= u[i] < 0.05;
            }
            fired += any ? 1 : 0;
            straight.evaluate(x, u, a);
            tuned.evaluate(x, u, b);
            assertIdentical(a, b, k);
            if (k % 4 == 0) {
                tracked.evaluateTracked(x, u, c);
                assertIdentical(a, c, k);
                relaxationsSkippable(m, tracked, c, relaxed, k);
            }
            for (int t = 0; t < m.periods(); t++) {
                assertTrue(Double.compare(straight.totalTarget(t), tuned.totalTarget(t)) == 0);
            }
            if (batch != null) {
                int l = k % lanes;
                System.arraycopy(x, 0, laneX[l], 0, x.length);
                System.arraycopy(u, 0, laneU[l], 0, u.length);
                straight.evaluate(x, u, laneExpected[l]);
                if (l == lanes - 1) {
                    batch.evaluate(laneX, laneU, laneOut);
                    for (int j = 0; j < lanes; j++) {
                        assertIdentical(laneExpected[j], laneOut[j], k - lanes + 1 + j);
                        straight.evaluate(laneX[j], laneU[j], a);
                        for (int t = 0; t < m.periods(); t++) {
                            assertTrue(Double.compare(straight.totalTarget(t), batch.totalTarget(j, t)) == 0);
                        }
                    }
                    batchSamples += lanes;
                }
            }
        }
        return fired;
    }

    /** Samples the last {@link #compare} checked on the vector lanes of {@link BatchEvaluator}. */
    private static long batchSamples;

    @Test
    void referenceScenario_randomSamples_identicalToStraightEvaluation() {
        boundSeen = 0;
        skippableSeen = 0;
        batchSamples = 0;
        int fired = compare(ReferenceScenarioFixture.build(), 123456789L);
        assertTrue(fired > SAMPLES / 4, "the outage should fire in many samples, fired in " + fired);
        // The build runs the tests with the Vector API module, so the batch path must have been compared.
        assertTrue(BatchEvaluator.vectorAvailable(), "tests run with --add-modules " + BatchEvaluator.MODULE);
        assertTrue(batchSamples >= SAMPLES - 8, "batch samples compared: " + batchSamples);
        assertTrue(boundSeen > 0 && skippableSeen > 0, "bound " + boundSeen + ", skippable " + skippableSeen);
    }

    /**
     * Every construct the tuning treats specially: sampled and constant quantities and site areas
     * (amounts that are powers of two, that are not, and that are 0), sampled shares, series, step,
     * learning and ramp with fractional, negative and late launch periods, lags, carryover losses,
     * initial inventory, each die-yield model, HBM, two overlapping events of durations 2 and 3,
     * products with and without demand caps and targets.
     */
    @Test
    void everyConstruct_randomSamples_identicalToStraightEvaluation() {
        boundSeen = 0;
        skippableSeen = 0;
        int fired = compare(everyConstruct(true), 987654321L);
        assertTrue(fired > SAMPLES / 4, "events should fire in many samples, fired in " + fired);
        assertTrue(boundSeen > 0 && skippableSeen > 0, "bound " + boundSeen + ", skippable " + skippableSeen);
    }

    /**
     * The same constructs with every bill-of-materials amount constant, so that {@link BatchEvaluator}
     * applies: its lanes against the straight evaluation too.
     */
    @Test
    void everyConstructWithConstantAmounts_batchOfSamples_identicalToStraightEvaluation() {
        batchSamples = 0;
        int fired = compare(everyConstruct(false), 192837465L);
        assertTrue(fired > SAMPLES / 4, "events should fire in many samples, fired in " + fired);
        assertTrue(batchSamples >= SAMPLES - 8, "batch samples compared: " + batchSamples);
    }

    /**
     * The scenario of {@link #everyConstruct_randomSamples_identicalToStraightEvaluation}; with
     * {@code sampledAmounts} false, the first product's interposer area and substrate quantity are
     * constants instead of inputs.
     */
    private static Scenario everyConstruct(boolean sampledAmounts) {
        int periods = 6;
        List<Input> inputs = List.of(
                new Input("q", new Distribution.Uniform(0.5, 3.5)),
                new Input("area", new Distribution.Uniform(1500, 3500)),
                new Input("share", new Distribution.Uniform(0.1, 0.5)),
                new Input("growth", new Distribution.Uniform(-0.2, 0.4)),
                new Input("at", new Distribution.Uniform(-1.5, 3.5)),
                new Input("tau", new Distribution.Uniform(0.5, 4)),
                new Input("d0", new Distribution.Uniform(0, 0.3)),
                new Input("cut", new Distribution.Uniform(0, 0.9)),
                new Input("p", new Distribution.Uniform(0, 0.08)),
                new Input("level", new Distribution.Uniform(100, 5000)),
                new Input("loss", new Distribution.Uniform(0, 0.3)));
        Value q = Value.ref("q");
        Value level = Value.ref("level");
        Profile sampledRamp = new Profile.Ramp(level, Value.ref("growth"), Value.ref("at"));
        Profile learning = new Profile.Learning(v(0.8), v(0.97), Value.ref("tau"), Value.ref("at"));
        var resources = List.of(
                resource("x", new Supply.Plain(sampledRamp, constant(0.97)), true, 0.1, 0, 50),
                resource("y", new Supply.Plain(new Profile.Step(level, v(3000), Value.ref("at")),
                        new Profile.Series(List.of(v(1), v(0.9), Value.ref("share"), v(1), v(0.8), v(1)))),
                        false, 0, 1, 200),
                new dev.chipmc.model.Resource("z", "units", new Supply.Plain(new Profile.Ramp(v(800), v(0.1), v(2)),
                        constant(1)), true, Value.ref("loss"), 2, level),
                resource("poisson", die(new YieldModel.Poisson(), new Profile.Series(List.of(Value.ref("d0"),
                        v(0.1), v(0.1), Value.ref("d0"), v(0), v(0.05)))), true, 0, 0, 0),
                resource("murphy", die(new YieldModel.Murphy(), Profile.constant(Value.ref("d0"))), true, 0, 0, 0),
                resource("seeds", die(new YieldModel.Seeds(), constant(0.1)), true, 0, 0, 0),
                resource("negbin", die(new YieldModel.NegativeBinomial(Value.ref("tau")), Profile.constant(
                        Value.ref("d0"))), true, 0.05, 0, 0),
                resource("hbm", new Supply.HbmStack(new Profile.Ramp(v(20_000), Value.ref("growth"), v(1)), 12,
                        v(0.98), learning, v(0.99), Bonding.HYBRID), true, 0, 0, 0),
                resource("cowos", new Supply.Plain(new Profile.Ramp(level, v(0.05), v(-1)), constant(1)), false, 0,
                        0, 0));
        BomLine sampledInterposer = new BomLine(BomLine.Kind.INTERPOSER, "cowos", v(1), Value.ref("area"), v(3));
        BomLine constInterposer = new BomLine(BomLine.Kind.INTERPOSER, "cowos", v(1), v(2400), v(3));
        BomLine rdlZero = new BomLine(BomLine.Kind.LITHOGRAPHY, "y", v(0), v(2400), v(3));
        var products = List.of(
                new Product("first", List.of(line("poisson", 2), BomLine.count(BomLine.Kind.HBM, "hbm", v(8)),
                        sampledAmounts ? sampledInterposer : constInterposer,
                        BomLine.count(BomLine.Kind.SUBSTRATE, "x", sampledAmounts ? q : v(1.5))), learning,
                        Profile.constant(Value.ref("share")), Optional.of(sampledRamp),
                        Optional.of(new Profile.Step(v(50), v(120), Value.ref("at")))),
                new Product("second", List.of(line("murphy", 3), line("seeds", 1), line("hbm", 6), constInterposer,
                        rdlZero, line("z", 0.75)), constant(0.95), constant(0.9),
                        Optional.of(new Profile.Ramp(v(400), v(0.05), Value.ref("at"))), Optional.empty()),
                product("third", null, line("negbin", 4), line("x", 1), line("y", 0.5), line("hbm", 8)),
                product("fourth", constant(250), line("x", 1), line("z", 1), line("hbm", 4)));
        List<Share> shares = List.of(share("hbm", "second", 0.3),
                new Share("hbm", "third", Value.ref("share")), share("x", "fourth", 0.2), share("cowos", "first",
                        0.5));
        List<Event> events = List.of(
                new Event("outage", Value.ref("p"), 2, List.of("x", "poisson", "cowos"), Value.ref("cut")),
                new Event("flood", v(0.05), 3, List.of("x", "hbm"), v(0.5)),
                new Event("never", v(0), 1, List.of("y"), v(1)));
        return scenario(periods, inputs, resources, products, shares, events);
    }

    private static Supply.LogicDie die(YieldModel model, Profile d0) {
        return new Supply.LogicDie(new Profile.Ramp(v(100), v(0.05), v(0)), v(600), v(3), model, d0, v(0.95));
    }
}
