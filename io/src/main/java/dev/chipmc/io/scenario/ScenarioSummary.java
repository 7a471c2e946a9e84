package dev.chipmc.io.scenario;

import dev.chipmc.model.BomLine;
import dev.chipmc.model.Correlation;
import dev.chipmc.model.Event;
import dev.chipmc.model.Input;
import dev.chipmc.model.Product;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Resource;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Share;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.YieldModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A one-screen text summary of a scenario, for {@code chipmc validate}: periods, resources with
 * their kind, products with their bills of materials, inputs, correlations, events, shares and
 * targets.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScenarioSummary {
    private static final int WIDTH = 100;

    private ScenarioSummary() {
    }

    public static String format(Scenario s) {
        StringBuilder b = new StringBuilder();
        b.append("Scenario ").append(s.name());
        String desc = s.description().strip();
        if (!desc.isEmpty()) {
            String first = desc.lines().findFirst().orElse("");
            b.append(": ").append(first.length() > 80 ? first.substring(0, 77) + "..." : first);
        }
        b.append('\n');
        int t = s.periods().count();
        b.append("Periods: ").append(t).append(" (").append(s.periods().label(0))
                .append(t > 1 ? " .. " + s.periods().label(t - 1) : "").append(")\n");

        b.append("Resources: ").append(s.resources().size()).append('\n');
        int nameWidth = s.resources().stream().mapToInt(r -> r.name().length()).max().orElse(0);
        for (Resource r : s.resources()) {
            b.append("  ").append(pad(r.name(), nameWidth)).append("  ").append(pad(kind(r), 9)).append("  ")
                    .append(detail(r)).append(r.carryover() ? ", carryover" : "").append('\n');
        }

        b.append("Products: ").append(s.products().size()).append(" (priority order)\n");
        for (int i = 0; i < s.products().size(); i++) {
            Product p = s.products().get(i);
            b.append("  ").append(i + 1).append(". ").append(p.name()).append(": ")
                    .append(p.bom().stream().map(ScenarioSummary::line).collect(Collectors.joining(", ")));
            p.target().ifPresent(g -> b.append("; target ").append(profile(g)));
            b.append('\n');
        }

        b.append("Inputs: ").append(s.inputs().size()).append('\n');
        wrap(b, s.inputs().stream().map(Input::name).toList());

        b.append("Correlations: ").append(s.correlations().size())
                .append(s.repairCorrelations() ? " (repaired to the nearest valid matrix if needed)" : "").append('\n');
        for (Correlation c : s.correlations()) {
            b.append("  ").append(c.a()).append(" ~ ").append(c.b()).append("  ")
                    .append(DistributionSyntax.num(c.rho())).append('\n');
        }

        b.append("Events: ").append(s.events().size()).append('\n');
        for (Event e : s.events()) {
            b.append("  ").append(e.name()).append(": probability ").append(value(e.probability()))
                    .append(" per period, ").append(e.duration()).append(e.duration() == 1 ? " period" : " periods")
                    .append(", cuts ").append(value(e.cut())).append(" of ").append(String.join(", ", e.resources()))
                    .append('\n');
        }

        Map<String, List<Share>> shares = new LinkedHashMap<>();
        for (Share sh : s.shares()) {
            shares.computeIfAbsent(sh.resource(), k -> new java.util.ArrayList<>()).add(sh);
        }
        b.append("Shares: ").append(shares.isEmpty() ? "none" : shares.size() + " resource"
                + (shares.size() == 1 ? "" : "s")).append('\n');
        shares.forEach((r, l) -> b.append("  ").append(r).append(": ")
                .append(l.stream().map(sh -> sh.product() + " " + value(sh.fraction())).collect(Collectors.joining(", ")))
                .append('\n'));
        s.totalTarget().ifPresent(g -> b.append("Total target: ").append(profile(g)).append(" per period\n"));
        return b.toString();
    }

    private static String kind(Resource r) {
        return switch (r.supply()) {
            case Supply.Plain p -> "plain";
            case Supply.LogicDie d -> "logic-die";
            case Supply.HbmStack h -> "hbm";
        };
    }

    private static String detail(Resource r) {
        return switch (r.supply()) {
            case Supply.Plain p -> r.unit();
            case Supply.LogicDie d -> value(d.dieArea()) + " mm^2, " + model(d.model()) + ", d0 " + profile(d.d0());
            case Supply.HbmStack h -> h.layers() + "-high, " + h.bonding().name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    private static String model(YieldModel m) {
        return switch (m) {
            case YieldModel.Poisson p -> "poisson";
            case YieldModel.Murphy p -> "murphy";
            case YieldModel.Seeds p -> "seeds";
            case YieldModel.NegativeBinomial n -> "negbin(" + value(n.alpha()) + ")";
        };
    }

    private static String line(BomLine l) {
        return switch (l.kind()) {
            case INTERPOSER -> l.resource() + " " + value(l.siteArea()) + " mm^2";
            case LITHOGRAPHY -> value(l.quantity()) + " layers " + l.resource();
            default -> value(l.quantity()) + " " + l.resource();
        };
    }

    private static String profile(Profile p) {
        return switch (p) {
            case Profile.Constant c -> value(c.x());
            case Profile.Ramp r -> "ramp(" + value(r.start()) + ", " + value(r.growth()) + at(r.at()) + ")";
            case Profile.Learning l -> "learning(" + value(l.initial()) + ", " + value(l.fin()) + ", " + value(l.tau())
                    + at(l.at()) + ")";
            case Profile.Step st -> "step(" + value(st.before()) + ", " + value(st.after()) + ", at " + value(st.at()) + ")";
            case Profile.Series se -> "series of " + se.values().size();
        };
    }

    private static String at(Value v) {
        return v instanceof Value.Const c && c.value() == 0 ? "" : ", at " + value(v);
    }

    private static String value(Value v) {
        return switch (v) {
            case Value.Const c -> DistributionSyntax.num(c.value());
            case Value.Ref r -> r.input();
        };
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static void wrap(StringBuilder b, List<String> names) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < names.size(); i++) {
            String item = names.get(i) + (i + 1 < names.size() ? "," : "");
            if (line.length() > 2 && line.length() + 1 + item.length() > WIDTH) {
                b.append(line).append('\n');
                line = new StringBuilder("  ");
            }
            line.append(line.length() > 2 ? " " : "").append(item);
        }
        if (line.length() > 2) {
            b.append(line).append('\n');
        }
    }
}
