package dev.chipmc.model.eval;

/**
 * Gross dies (or interposer sites) per 300 mm wafer, MODEL.md section 4:
 * {@code DPW(A) = max(0, floor(pi (d/2)^2 / A - pi d / sqrt(2 A)))} with usable diameter
 * {@code d = 300 - 2 e}, {@code A} the die area in mm^2 and {@code e} the edge exclusion in mm.
 * The second term is the usual correction for partial dies along the edge.
 *
 * <p>Stateless and thread-safe.
 */
public final class Geometry {

    /** Wafer diameter in mm. */
    public static final double WAFER_DIAMETER_MM = 300;

    private Geometry() {
    }

    /**
     * Gross dies per 300 mm wafer.
     *
     * @param areaMm2         die or site area in mm^2, {@code > 0} (an infinite area gives 0)
     * @param edgeExclusionMm edge exclusion in mm, in {@code [0, 150)}
     * @throws IllegalArgumentException naming the argument when it is out of range or NaN
     */
    public static int diesPerWafer(double areaMm2, double edgeExclusionMm) {
        if (!(areaMm2 > 0)) {
            throw new IllegalArgumentException("areaMm2: must be > 0, got " + areaMm2);
        }
        if (!(edgeExclusionMm >= 0 && edgeExclusionMm < WAFER_DIAMETER_MM / 2)) {
            throw new IllegalArgumentException("edgeExclusionMm: must be in [0, 150), got " + edgeExclusionMm);
        }
        double d = WAFER_DIAMETER_MM - 2 * edgeExclusionMm;
        double r = d / 2;
        double gross = Math.PI * r * r / areaMm2 - Math.PI * d / Math.sqrt(2 * areaMm2);
        // (int) of a double above Integer.MAX_VALUE saturates, which only a sub-micron area reaches
        return gross > 0 ? (int) Math.floor(gross) : 0;
    }
}
