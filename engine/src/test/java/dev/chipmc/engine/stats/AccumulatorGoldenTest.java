package dev.chipmc.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact state and answers of accumulators built the engine's way (column blocks of
 * chunks, merged in chunk order) to SHA-256 digests recorded with the implementation that sorted
 * by {@code Arrays.sort} (commit 8402f6f). Any change to the sort, the moments, the
 * sketch's compactions or the serialized format changes a digest, so these prove that the faster
 * paths are bit-for-bit the old ones on data with ties, signed zeros, infinities, constant
 * columns and wide ranges.
 *
 * <p>The data come from {@link StrictMath}, whose results the Java specification fixes bit for bit.
 * The first recording used {@link Math}, whose {@code log}, {@code cos} and {@code exp} may differ
 * by an ulp between machines (HotSpot's intrinsics): on an Intel Xeon one of the five digests
 * recorded on an AMD EPYC did not match, with the old implementation as with the current one. The
 * digests were recorded again with 8402f6f's implementation on the StrictMath data, and the current
 * implementation gives the same five.
 */
class AccumulatorGoldenTest {
    private static final int COLUMNS = 12;

    /** Column {@code c} of {@code count} samples, shaped like a model output of kind {@code c % 12}. */
    private static double value(UniformRandomProvider rng, int c) {
        double u = rng.nextDouble();
        double g = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - rng.nextDouble())) * StrictMath.cos(2.0 * Math.PI * u);
        return switch (c % COLUMNS) {
            case 0 -> 1000.0 * StrictMath.exp(0.5 * g);
            case 1 -> Math.min(1000.0 * StrictMath.exp(0.5 * g), 1200.0); // a third capped: ties
            case 2 -> u < 0.7 ? 0.0 : 50.0 * StrictMath.exp(g); // shortfall: mostly zero
            case 3 -> u < 0.3 ? -0.0 : u < 0.6 ? 0.0 : g; // signed zeros among normals
            case 4 -> 7.25; // constant
            case 5 -> rng.nextInt(50); // discrete, 50 values
            case 6 -> StrictMath.exp(8.0 * g); // very wide range
            case 7 -> u < 0.01 ? Double.POSITIVE_INFINITY : u > 0.99 ? Double.NEGATIVE_INFINITY : g;
            case 8 -> u < 0.3 ? 1.0 : 0.0; // indicator, moments only
            case 9 -> g * 1e300; // overflowing range
            case 10 -> u < 0.5 ? -0.0 : 0.0; // only zeros
            default -> -1e-300 * StrictMath.exp(g); // tiny negatives
        };
    }

    private static boolean[] flags() {
        boolean[] f = new boolean[COLUMNS];
        for (int c = 0; c < COLUMNS; c++) {
            f[c] = c != 8;
        }
        return f;
    }

    /** A run of {@code chunks} chunks of {@code chunkSize} samples, added in blocks of {@code blockRows}. */
    private static Accumulator run(QuantileMode mode, int chunks, int chunkSize, int blockRows, long seed) {
        boolean[] flags = flags();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Accumulator total = Accumulator.create(COLUMNS, flags, mode);
        int stride = blockRows + 3;
        double[] block = new double[COLUMNS * stride];
        for (int k = 0; k < chunks; k++) {
            Accumulator chunk = Accumulator.create(COLUMNS, flags, mode);
            for (int done = 0; done < chunkSize; done += blockRows) {
                int rows = Math.min(blockRows, chunkSize - done);
                for (int c = 0; c < COLUMNS; c++) {
                    for (int i = 0; i < rows; i++) {
                        block[c * stride + i] = value(rng, c);
                    }
                }
                chunk.addColumns(block, stride, rows);
            }
            total.combine(chunk);
        }
        return total;
    }

    private static String digest(Accumulator a) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] state = StatsTesting.bytes(a::write);
        md.update(state);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        for (int c = 0; c < a.columns(); c++) {
            ColumnSummary s = a.summary(c);
            out.writeLong(Double.doubleToRawLongBits(s.mean()));
            out.writeLong(Double.doubleToRawLongBits(s.sd()));
            out.writeLong(Double.doubleToRawLongBits(s.min()));
            out.writeLong(Double.doubleToRawLongBits(s.max()));
            for (double q : s.quantiles()) {
                out.writeLong(Double.doubleToRawLongBits(q));
            }
            if (a.hasQuantiles(c)) {
                for (double t : new double[] {-1.0, 0.0, 1.0, 1000.0}) {
                    out.writeLong(Double.doubleToRawLongBits(a.fractionBelow(c, t)));
                    out.writeLong(Double.doubleToRawLongBits(a.meanShortfallBelow(c, t)));
                }
            }
        }
        out.flush();
        md.update(b.toByteArray());
        // the state after the queries (which sort exact columns in place) is written again
        md.update(StatsTesting.bytes(a::write));
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void exactMode_chunksOf4096_stateAndAnswersAsRecorded() throws Exception {
        assertEquals("b7153101e2b988f3c120c67f50dd170e276be45116df325933611753c427c2b9", digest(run(QuantileMode.EXACT, 5, 4096, 4096, 1)));
    }

    @Test
    void exactMode_oddChunksAndBlocks_stateAndAnswersAsRecorded() throws Exception {
        assertEquals("e388007cbcdea44f0a2739e035109dc6e1ff8b9e6b1a1a1c9f7cccf7e4d5693e", digest(run(QuantileMode.EXACT, 7, 1001, 333, 2)));
    }

    @Test
    void sketchMode_chunksOf4096_stateAndAnswersAsRecorded() throws Exception {
        assertEquals("b0a86bdcd5f7d9886b42554fe053d31013c9737d2ce286e18cd6b8bffe4da2de", digest(run(QuantileMode.SKETCH, 40, 4096, 4096, 3)));
    }

    @Test
    void sketchMode_oddChunksAndBlocks_stateAndAnswersAsRecorded() throws Exception {
        assertEquals("5ad131490685dbceaeb1631ae59cfe2191774970ed80c4820644f4ca317dbe5f", digest(run(QuantileMode.SKETCH, 30, 5000, 1777, 4)));
    }

    @Test
    void sketchMode_perValueAdds_stateAndAnswersAsRecorded() throws Exception {
        assertEquals("a53fa93d2ba6793fed6e7594322b7719a7c41502482a1eb3d190a71ee49d44d8", digest(run(QuantileMode.SKETCH, 10, 3000, 1, 5)));
    }
}
