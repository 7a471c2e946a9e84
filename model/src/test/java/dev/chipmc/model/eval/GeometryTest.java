package dev.chipmc.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeometryTest {

    /**
     * DPW(A) = floor(pi r^2 / A - pi d / sqrt(2A)), e = 3 mm, d = 294, r = 147, pi r^2 = 67886.676...,
     * pi d = 923.628...:
     * <pre>
     *   A      pi r^2 / A   pi d / sqrt(2A)   difference  DPW
     *   800    84.8583      23.0907           61.768      61
     *   3400   19.9667      11.2006            8.766       8
     *   2400   28.2861      13.3314           14.955      14
     *   2000   33.9433      14.6038           19.339      19
     *   2600   26.1103      12.8084           13.302      13
     *   700    96.9810      24.6850           72.296      72
     *   360   188.5741      34.4216          154.153     154
     *   110   617.1516      62.2710          554.881     554
     * </pre>
     */
    @ParameterizedTest
    @CsvSource({"800, 61", "3400, 8", "2400, 14", "2000, 19", "2600, 13", "700, 72", "360, 154", "110, 554"})
    void diesPerWafer_edge3_matchesHandComputation(double area, int expected) {
        assertEquals(expected, Geometry.diesPerWafer(area, 3));
    }

    /** e = 0: d = 300, pi 150^2 / 800 = 88.357, pi 300 / sqrt(1600) = 23.562, difference 64.795 -> 64. */
    @Test
    void diesPerWafer_noEdgeExclusion_usesFullDiameter() {
        assertEquals(64, Geometry.diesPerWafer(800, 0));
    }

    /**
     * A = 40000 mm^2: 67886.68 / 40000 = 1.697, 923.63 / sqrt(80000) = 3.266, difference -1.57 ->
     * max(0, ...) = 0; likewise for 1e5 and an infinite area.
     */
    @Test
    void diesPerWafer_areaLargerThanWafer_isZero() {
        assertEquals(0, Geometry.diesPerWafer(40_000, 3));
        assertEquals(0, Geometry.diesPerWafer(1e5, 3));
        assertEquals(0, Geometry.diesPerWafer(Double.POSITIVE_INFINITY, 3));
    }

    @Test
    void diesPerWafer_badArguments_throwNamingTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Geometry.diesPerWafer(0, 3))
                .getMessage().startsWith("areaMm2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Geometry.diesPerWafer(Double.NaN, 3))
                .getMessage().startsWith("areaMm2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Geometry.diesPerWafer(800, -1))
                .getMessage().startsWith("edgeExclusionMm"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Geometry.diesPerWafer(800, 150))
                .getMessage().startsWith("edgeExclusionMm"));
    }
}
