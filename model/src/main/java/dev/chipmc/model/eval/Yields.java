package dev.chipmc.model.eval;

/**
 * Yield formulas of MODEL.md section 4. {@code AD = (A / 100) * D0} is the expected number of
 * killer defects per die (die area {@code A} in mm^2, defect density {@code D0} per cm^2):
 * <ul>
 * <li>Poisson {@code exp(-AD)};</li>
 * <li>Murphy {@code ((1 - exp(-AD)) / AD)^2}, 1 at {@code AD = 0};</li>
 * <li>Seeds {@code 1 / (1 + AD)};</li>
 * <li>negative binomial (Stapper) {@code (1 + AD / alpha)^(-alpha)} with clustering {@code alpha};</li>
 * <li>HBM known-good-stack {@code y_base * (y_core * y_bond)^L} for {@code L} core dies.</li>
 * </ul>
 * Arguments are not checked (these run once per period per resource in the sampling loop):
 * {@code ad >= 0}, {@code alpha > 0} and yields in {@code [0, 1]} are the caller's to ensure.
 *
 * <p>Stateless and thread-safe.
 */
public final class Yields {

    private Yields() {
    }

    /** {@code exp(-ad)}. */
    public static double poisson(double ad) {
        return Math.exp(-ad);
    }

    /**
     * {@code ((1 - exp(-ad)) / ad)^2}, computed as {@code (-expm1(-ad) / ad)^2}, which keeps full
     * relative precision as {@code ad -> 0} where {@code 1 - exp(-ad)} would cancel; exactly 1 at 0.
     */
    public static double murphy(double ad) {
        if (ad == 0) {
            return 1;
        }
        double f = -Math.expm1(-ad) / ad;
        return f * f;
    }

    /** {@code 1 / (1 + ad)}. */
    public static double seeds(double ad) {
        return 1 / (1 + ad);
    }

    /**
     * {@code (1 + ad / alpha)^(-alpha)}. For the usual integer clustering parameters 1 to 4 the power
     * is taken by multiplication, {@code 1 / b^alpha} with {@code b = 1 + ad / alpha}: each rounding
     * (of {@code ad / alpha}, of {@code b}, raised to the power {@code alpha}, of each product and of
     * the quotient) adds at most {@code 2^-53} relative, so the result is within
     * {@code (2 alpha + 2) 2^-53} of the exact value (a few ulps), several times faster than the
     * general form {@code exp(-alpha * log1p(ad / alpha))} used for every other {@code alpha}, which
     * keeps that precision however large {@code alpha} is (towards Poisson).
     */
    public static double negativeBinomial(double ad, double alpha) {
        if (alpha == 2) {
            double b = 1 + ad / 2;
            return 1 / (b * b);
        }
        if (alpha == 1 || alpha == 3 || alpha == 4) {
            double b = 1 + ad / alpha;
            double b2 = b * b;
            return 1 / (alpha == 1 ? b : alpha == 3 ? b2 * b : b2 * b2);
        }
        return Math.exp(-alpha * Math.log1p(ad / alpha));
    }

    /** {@code AD = (areaMm2 / 100) * d0PerCm2}: mm^2 to cm^2, times defects per cm^2. */
    public static double defectArea(double areaMm2, double d0PerCm2) {
        return areaMm2 / 100 * d0PerCm2;
    }

    /**
     * Known-good-stack yield {@code yBase * (yCore * yBond)^layers}. The power is taken by repeated
     * squaring ({@code layers >= 0}): at most {@code 2 log2(layers)} multiplications, within a few ulps
     * of {@code Math.pow} and several times faster, as this runs once per period per HBM resource.
     */
    public static double stack(double yBase, double yCore, double yBond, int layers) {
        double base = yCore * yBond;
        double p = 1;
        for (int n = layers; n > 0; n >>= 1) {
            if ((n & 1) != 0) {
                p *= base;
            }
            base *= base;
        }
        return yBase * p;
    }
}
