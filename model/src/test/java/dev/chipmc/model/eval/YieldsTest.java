package dev.chipmc.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class YieldsTest {
    private static final double TOL = 1e-15;

    /** exp(-0.5) = 0.6065306597126334; exp(0) = 1. */
    @Test
    void poisson_knownValues() {
        assertEquals(0.6065306597126334, Yields.poisson(0.5), TOL);
        assertEquals(1.0, Yields.poisson(0));
    }

    /** ((1 - e^-1) / 1)^2 = 0.6321205588285577^2 = 0.39957640089372803. */
    @Test
    void murphy_atOne_matchesFormula() {
        assertEquals(0.39957640089372803, Yields.murphy(1), TOL);
    }

    @Test
    void murphy_atZero_isOne() {
        assertEquals(1.0, Yields.murphy(0));
    }

    /**
     * Near 0, ((1 - e^-x) / x)^2 = (1 - x/2 + x^2/6 - ...)^2 = 1 - x + O(x^2): at x = 1e-12 that is
     * 0.999999999999 to 1e-24; allowed: 3 ulps of 1. The naive form loses 1 - e^-x to cancellation (it gives 0.99995576),
     * so this pins the expm1 form.
     */
    @Test
    void murphy_nearZero_isNumericallyStable() {
        assertEquals(1 - 1e-12, Yields.murphy(1e-12), 3 * Math.ulp(1.0));
        assertEquals(1 - 1e-9, Yields.murphy(1e-9), 3 * Math.ulp(1.0));
    }

    /** 1 / (1 + 0.5) = 2/3; 1 at 0. */
    @Test
    void seeds_knownValues() {
        assertEquals(2.0 / 3, Yields.seeds(0.5), TOL);
        assertEquals(1.0, Yields.seeds(0));
    }

    /**
     * The 800 mm^2 die at D0 = 0.08: AD = 8 * 0.08 = 0.64, (1 + 0.64 / 2)^-2 = 1.32^-2 = 1 / 1.7424 =
     * 0.573921028466483. At alpha -> infinity the model tends to Poisson: (1 + 0.5/1e9)^-1e9 =
     * exp(-0.5) (1 + O(1e-10)).
     */
    @Test
    void negativeBinomial_knownValues() {
        assertEquals(0.573921028466483, Yields.negativeBinomial(0.64, 2), TOL);
        assertEquals(1.0, Yields.negativeBinomial(0, 2));
        assertEquals(Math.exp(-0.5), Yields.negativeBinomial(0.5, 1e9), 1e-9);
        // alpha = 1 is Seeds
        assertEquals(Yields.seeds(0.7), Yields.negativeBinomial(0.7, 1), TOL);
    }

    /**
     * Integer alpha 1 to 4 (taken by multiplication) against the exact power in 40-digit decimal
     * arithmetic, for AD in [0, 6): relative error at most (2 alpha + 2) 2^-53, the bound the
     * roundings give (see {@link Yields#negativeBinomial}). Fixed seed; the bound is deterministic, so
     * the test cannot fail by chance.
     */
    @Test
    void negativeBinomial_integerAlpha_withinRoundingBoundOfExactPower() {
        MathContext mc = new MathContext(40);
        SplittableRandom rng = new SplittableRandom(123456789L);
        for (int alpha = 1; alpha <= 4; alpha++) {
            for (int i = 0; i < 2000; i++) {
                double ad = rng.nextDouble(0, 6);
                BigDecimal b = BigDecimal.ONE.add(new BigDecimal(ad)
                        .divide(BigDecimal.valueOf(alpha), mc), mc);
                double exact = BigDecimal.ONE.divide(b.pow(alpha, mc), mc).doubleValue();
                double bound = (2 * alpha + 2) * 0x1p-53 * exact;
                assertEquals(exact, Yields.negativeBinomial(ad, alpha), bound, "alpha " + alpha + ", ad " + ad);
            }
        }
    }

    /** 800 mm^2 = 8 cm^2, times 0.08 / cm^2 = 0.64. */
    @Test
    void defectArea_convertsMm2ToCm2() {
        assertEquals(0.64, Yields.defectArea(800, 0.08), TOL);
    }

    /**
     * 12-Hi: 0.98 * (0.99 * 0.995)^12 = 0.98 * 0.98505^12 = 0.98 * 0.8346402... = 0.8179474066935448;
     * with perfect dies and bonds the stack yield is the base-die yield.
     */
    @Test
    void stack_twelveHigh_matchesFormula() {
        assertEquals(0.8179474066935448, Yields.stack(0.98, 0.99, 0.995, 12), 1e-14);
        assertEquals(0.98, Yields.stack(0.98, 1, 1, 12), TOL);
        assertEquals(0.98 * 0.9 * 0.9, Yields.stack(0.98, 0.9, 1, 2), TOL);
    }

    /**
     * The power by repeated squaring agrees with Math.pow to 1e-14 relative for 1..32 layers
     * (at most 10 roundings of about 1.1e-16 each), and 0 layers leave only the base-die yield.
     */
    @Test
    void stack_anyLayerCount_agreesWithPow() {
        assertEquals(0.97, Yields.stack(0.97, 0.9, 0.9, 0));
        for (int l = 1; l <= 32; l++) {
            double expected = 0.98 * Math.pow(0.987 * 0.993, l);
            assertEquals(expected, Yields.stack(0.98, 0.987, 0.993, l), 1e-14 * expected);
        }
    }
}
