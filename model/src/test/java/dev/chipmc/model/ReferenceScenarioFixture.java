package dev.chipmc.model;

import dev.chipmc.model.Distribution.Pert;
import dev.chipmc.model.Distribution.Triangular;
import dev.chipmc.model.Distribution.Uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference scenario of REFERENCE.md (AI accelerator supply 2026Q1..2027Q4), built in code, for
 * tests that must not depend on the scenario-file loader. Keep it faithful to REFERENCE.md: input
 * names, distributions, resources in table order, products in priority order with their bills of
 * materials in the order dies, HBM, interposer, RDL passes, substrate.
 */
public final class ReferenceScenarioFixture {

    /** Edge exclusion of every 300 mm wafer in the scenario, mm. */
    public static final double EDGE_MM = 3;

    private ReferenceScenarioFixture() {
    }

    public static Scenario build() {
        List<Input> in = new ArrayList<>();
        tri(in, "cowos_l.start", 90e3, 105e3, 120e3);
        tri(in, "cowos_l.growth", 0.04, 0.09, 0.14);
        tri(in, "cowos_s.start", 40e3, 48e3, 56e3);
        tri(in, "cowos_s.growth", -0.04, 0, 0.04);
        tri(in, "rdl_litho.start", 0.95e6, 1.15e6, 1.35e6);
        tri(in, "rdl_litho.growth", 0.02, 0.05, 0.08);
        tri(in, "abf.start", 2.2e6, 2.6e6, 3.0e6);
        tri(in, "abf.growth", 0.02, 0.05, 0.08);
        tri(in, "hbm3e.start", 18e6, 21e6, 24e6);
        tri(in, "hbm3e.growth", -0.05, 0, 0.05);
        tri(in, "hbm3e.core_initial", 0.975, 0.982, 0.988);
        tri(in, "hbm3e.core_final", 0.985, 0.990, 0.995);
        tri(in, "hbm3e.bond", 0.990, 0.995, 0.998);
        tri(in, "hbm4.start", 1e6, 2e6, 3e6);
        tri(in, "hbm4.growth", 0.15, 0.30, 0.45);
        tri(in, "hbm4.core_initial", 0.94, 0.96, 0.975);
        tri(in, "hbm4.core_final", 0.980, 0.988, 0.994);
        tri(in, "hbm4.tau", 2, 3, 5);
        tri(in, "hbm4.bond", 0.985, 0.992, 0.997);
        tri(in, "gb_die.start", 75e3, 85e3, 95e3);
        tri(in, "gb_die.growth", -0.06, -0.03, 0);
        tri(in, "n4p.d0", 0.06, 0.08, 0.11);
        tri(in, "rubin_die.start", 8e3, 15e3, 22e3);
        tri(in, "rubin_die.growth", 0.25, 0.40, 0.60);
        in.add(new Input("n3p.d0", new Pert(0.07, 0.10, 0.15)));
        tri(in, "mi_xcd.start", 2.0e3, 2.6e3, 3.2e3);
        tri(in, "mi_xcd.growth", 0, 0.04, 0.08);
        tri(in, "mi_iod.start", 2.0e3, 2.6e3, 3.2e3);
        tri(in, "mi_iod.growth", 0, 0.04, 0.08);
        tri(in, "n6.d0", 0.04, 0.06, 0.08);
        tri(in, "asic_die.start", 26e3, 32e3, 38e3);
        tri(in, "asic_die.growth", 0.02, 0.06, 0.10);
        tri(in, "rubin.assembly_initial", 0.80, 0.87, 0.92);
        tri(in, "rubin.assembly_final", 0.93, 0.96, 0.98);
        tri(in, "rubin.test", 0.92, 0.95, 0.97);
        tri(in, "rubin.demand_start", 0.3e6, 0.5e6, 0.7e6);
        tri(in, "rubin.demand_growth", 0.30, 0.50, 0.70);
        tri(in, "bwu.assembly", 0.90, 0.95, 0.98);
        tri(in, "bwu.test", 0.93, 0.96, 0.98);
        tri(in, "bwu.demand_start", 1.3e6, 1.5e6, 1.7e6);
        tri(in, "bwu.demand_growth", -0.10, -0.05, 0);
        tri(in, "asic.assembly", 0.92, 0.95, 0.97);
        tri(in, "asic.test", 0.94, 0.96, 0.98);
        tri(in, "asic.demand_start", 0.5e6, 0.7e6, 0.9e6);
        tri(in, "asic.demand_growth", 0.03, 0.08, 0.13);
        tri(in, "mi.assembly", 0.92, 0.95, 0.97);
        tri(in, "mi.test", 0.94, 0.96, 0.98);
        tri(in, "mi.demand_start", 0.12e6, 0.18e6, 0.24e6);
        tri(in, "mi.demand_growth", 0, 0.05, 0.10);
        in.add(new Input("quake.cut", new Uniform(0.10, 0.40)));

        List<Resource> resources = List.of(
                plain("cowos-l", "interposer wafers", ramp("cowos_l", 0), 1, false),
                plain("cowos-s", "interposer wafers", ramp("cowos_s", 0), 1, false),
                plain("rdl-litho", "wafer-layer passes", ramp("rdl_litho", 0), 1, false),
                plain("abf", "large ABF substrates", ramp("abf", 0), 0.97, true),
                hbm("hbm3e-12h", "hbm3e", 0, Value.of(4), Bonding.MR_MUF),
                hbm("hbm4-12h", "hbm4", 1, Value.ref("hbm4.tau"), Bonding.TC_NCF),
                die("gb-die", "gb_die", 0, 800, "n4p.d0"),
                die("rubin-die", "rubin_die", 2, 800, "n3p.d0"),
                die("mi-xcd", "mi_xcd", 0, 110, "n3p.d0"),
                die("mi-iod", "mi_iod", 0, 360, "n6.d0"),
                die("asic-die", "asic_die", 0, 700, "n3p.d0"));

        List<Product> products = List.of(
                new Product("rubin-class",
                        bom(List.of(dies("rubin-die", 2)), "hbm4-12h", "cowos-l", 3400, 8),
                        new Profile.Learning(Value.ref("rubin.assembly_initial"), Value.ref("rubin.assembly_final"),
                                Value.of(3), Value.of(2)),
                        Profile.constant(Value.ref("rubin.test")),
                        Optional.of(ramp("rubin.demand_start", "rubin.demand_growth", 2)), Optional.empty()),
                new Product("blackwell-ultra-class",
                        bom(List.of(dies("gb-die", 2)), "hbm3e-12h", "cowos-l", 2400, 6),
                        Profile.constant(Value.ref("bwu.assembly")), Profile.constant(Value.ref("bwu.test")),
                        Optional.of(ramp("bwu.demand_start", "bwu.demand_growth", 0)),
                        Optional.of(Profile.constant(1.0e6))),
                new Product("asic-class",
                        bom(List.of(dies("asic-die", 2)), "hbm3e-12h", "cowos-s", 2000, 0),
                        Profile.constant(Value.ref("asic.assembly")), Profile.constant(Value.ref("asic.test")),
                        Optional.of(ramp("asic.demand_start", "asic.demand_growth", 0)), Optional.empty()),
                new Product("mi-class",
                        bom(List.of(dies("mi-xcd", 8), dies("mi-iod", 2)), "hbm3e-12h", "cowos-s", 2600, 0),
                        Profile.constant(Value.ref("mi.assembly")), Profile.constant(Value.ref("mi.test")),
                        Optional.of(ramp("mi.demand_start", "mi.demand_growth", 0)), Optional.empty()));

        List<Share> shares = List.of(
                new Share("cowos-l", "blackwell-ultra-class", Value.of(0.55)),
                new Share("cowos-l", "rubin-class", Value.of(0.35)),
                new Share("hbm3e-12h", "blackwell-ultra-class", Value.of(0.60)),
                new Share("hbm3e-12h", "asic-class", Value.of(0.28)),
                new Share("hbm3e-12h", "mi-class", Value.of(0.12)));

        List<Event> events = List.of(new Event("taiwan-outage", Value.of(0.02), 1,
                List.of("cowos-l", "cowos-s", "rdl-litho", "gb-die", "rubin-die", "mi-xcd", "mi-iod", "asic-die"),
                Value.ref("quake.cut")));

        List<Correlation> correlations = List.of(
                new Correlation("cowos_l.growth", "cowos_s.growth", 0.5),
                new Correlation("hbm3e.growth", "hbm4.growth", -0.3),
                new Correlation("n3p.d0", "n4p.d0", 0.6),
                new Correlation("cowos_l.growth", "rdl_litho.growth", 0.4));

        return new Scenario("reference", "AI accelerator supply 2026-2027 (REFERENCE.md); illustrative, not a forecast",
                Periods.quarters(2026, 1, 8), in, resources, products, shares, events, correlations, false,
                Optional.of(Profile.constant(2.0e6)));
    }

    private static void tri(List<Input> in, String name, double lo, double mode, double hi) {
        in.add(new Input(name, new Triangular(lo, mode, hi)));
    }

    private static Profile ramp(String prefix, double at) {
        return ramp(prefix + ".start", prefix + ".growth", at);
    }

    private static Profile ramp(String start, String growth, double at) {
        return new Profile.Ramp(Value.ref(start), Value.ref(growth), Value.of(at));
    }

    private static Resource plain(String name, String unit, Profile production, double yield, boolean carryover) {
        return new Resource(name, unit, new Supply.Plain(production, Profile.constant(yield)), carryover,
                Value.of(0), 0, Value.of(0));
    }

    private static Resource hbm(String name, String prefix, double at, Value tau, Bonding bonding) {
        Profile core = new Profile.Learning(Value.ref(prefix + ".core_initial"), Value.ref(prefix + ".core_final"),
                tau, Value.of(at));
        return new Resource(name, "good stacks", new Supply.HbmStack(ramp(prefix, at), 12, Value.of(0.98), core,
                Value.ref(prefix + ".bond"), bonding), true, Value.of(0), 0, Value.of(0));
    }

    private static Resource die(String name, String prefix, double at, double areaMm2, String d0) {
        return new Resource(name, "good dies", new Supply.LogicDie(ramp(prefix, at), Value.of(areaMm2),
                Value.of(EDGE_MM), new YieldModel.NegativeBinomial(Value.of(2)), Profile.constant(Value.ref(d0)),
                Value.of(1)), true, Value.of(0), 0, Value.of(0));
    }

    private static BomLine dies(String resource, double n) {
        return BomLine.count(BomLine.Kind.DIE, resource, Value.of(n));
    }

    private static List<BomLine> bom(List<BomLine> dies, String hbm, String interposer, double interposerAreaMm2,
            double rdlLayers) {
        List<BomLine> l = new ArrayList<>(dies);
        l.add(BomLine.count(BomLine.Kind.HBM, hbm, Value.of(8)));
        l.add(new BomLine(BomLine.Kind.INTERPOSER, interposer, Value.of(1), Value.of(interposerAreaMm2),
                Value.of(EDGE_MM)));
        l.add(new BomLine(BomLine.Kind.LITHOGRAPHY, "rdl-litho", Value.of(rdlLayers), Value.of(interposerAreaMm2),
                Value.of(EDGE_MM)));
        l.add(BomLine.count(BomLine.Kind.SUBSTRATE, "abf", Value.of(1)));
        return List.copyOf(l);
    }
}
