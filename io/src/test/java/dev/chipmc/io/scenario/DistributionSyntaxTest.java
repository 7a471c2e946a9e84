package dev.chipmc.io.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chipmc.model.Distribution;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

class DistributionSyntaxTest {

    static Stream<Arguments> forms() {
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                Arguments.of("fixed(3)", new Distribution.Fixed(3)),
                Arguments.of("uni(0.1, 0.4)", new Distribution.Uniform(0.1, 0.4)),
                Arguments.of("uniform(0.1,0.4)", new Distribution.Uniform(0.1, 0.4)),
                Arguments.of("tri(90e3, 105e3, 120e3)", new Distribution.Triangular(90e3, 105e3, 120e3)),
                Arguments.of("triangular( -0.04 , 0 , 0.04 )", new Distribution.Triangular(-0.04, 0, 0.04)),
                Arguments.of("pert(0.07, 0.10, 0.15)", new Distribution.Pert(0.07, 0.10, 0.15)),
                Arguments.of("pert(1, 2, 4, 6)", new Distribution.Pert(1, 2, 4, 6)),
                Arguments.of("normal(5, 1)", new Distribution.Normal(5, 1)),
                Arguments.of("normal(0.95, 0.02, 0, 1)", new Distribution.Normal(0.95, 0.02, 0, 1)),
                Arguments.of("normal(0.95, 0.02, -inf, 1)", new Distribution.Normal(0.95, 0.02, -inf, 1)),
                Arguments.of("lognormal(0, 0.5)", new Distribution.LogNormal(0, 0.5)),
                Arguments.of("lognormal(0, 0.5, 0.5, inf)", new Distribution.LogNormal(0, 0.5, 0.5, inf)),
                Arguments.of("beta(2, 5, 0.9, 1)", new Distribution.Beta(2, 5, 0.9, 1)),
                Arguments.of("discrete([1, 2, 3], [0.2, 0.3, 0.5])",
                        new Distribution.Discrete(List.of(1.0, 2.0, 3.0), List.of(0.2, 0.3, 0.5))),
                Arguments.of("empirical([3, 1, 2])", new Distribution.Empirical(List.of(3.0, 1.0, 2.0))),
                Arguments.of("histogram([0, 1, 2], [1, 3])",
                        new Distribution.Histogram(List.of(0.0, 1.0, 2.0), List.of(1.0, 3.0))),
                Arguments.of("fixed(90_000)", new Distribution.Fixed(90_000)),
                Arguments.of("fixed(1.5e-7)", new Distribution.Fixed(1.5e-7)));
    }

    @ParameterizedTest
    @MethodSource("forms")
    void parse_eachForm_givesRecord(String text, Distribution expected) {
        assertEquals(expected, DistributionSyntax.parse(text));
    }

    @ParameterizedTest
    @MethodSource("forms")
    void format_thenParse_givesSameRecord(String text, Distribution d) {
        assertEquals(d, DistributionSyntax.parse(DistributionSyntax.format(d)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tri(0.2, 0.1, 0.3)        | tri: mode: must be at least lo (0.2), got 0.1",
        "tri(1, 2)                 | tri: expects 3 numbers (lo, mode, hi), got 2",
        "uni(2, 1)                 | uni: hi: must be greater than lo (2.0), got 1.0",
        "normal(1, -1)             | normal: sd: must be positive and finite, got -1.0",
        "normal(1, 1, 0)           | normal: expects numbers (mean, sd[, lo, hi]), got 3",
        "discrete([1, 2], [0.5])   | discrete: probabilities: 1 given for 2 values; give one per value",
        "empirical(1, 2)           | empirical: expects empirical([samples..]), got 2 arguments",
        "beta(2, 5, [1], 2)        | beta: lo: expected a number, got a list",
        "gamma(1, 2)               | unknown distribution 'gamma' (known: fixed, uni, tri, pert, normal, lognormal, beta, discrete, empirical, histogram)",
        "tri(1, x, 3)              | expected a number at position 8 of 'tri(1, x, 3)', got 'x'",
        "tri(1, 2, 3) + 1          | unexpected '+ 1' after tri(...)",
        "tri(1                     | expected ')' at position 6 of 'tri(1' (inside { } or [ ] in YAML, put the distribution in quotes: \"tri(1, 2, 3)\")",
    })
    void parse_malformed_throwsClearMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DistributionSyntax.parse(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"90000, 90000", "0.05, 0.05", "-0.04, -0.04", "1.0E-7, 1.0e-7", "0, 0"})
    void num_writesNumbersAsPeopleDo(double v, String text) {
        assertEquals(text, DistributionSyntax.num(v));
    }
}
