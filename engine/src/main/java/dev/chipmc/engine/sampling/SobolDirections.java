package dev.chipmc.engine.sampling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Sobol direction numbers for up to {@link #MAX_DIMENSIONS} dimensions with {@link #BITS} bits:
 * the Joe and Kuo (2008) {@code new-joe-kuo-6.21201} table, first 1000 rows, as shipped inside
 * commons-math3 for its {@link SobolSequenceGenerator}. The recurrence is the one that class uses
 * (Bratley and Fox 1988, Algorithm 659), so the points agree with it bit for bit.
 *
 * <p>{@code direction(j)[b]} is the 52-bit integer XORed into coordinate {@code j} when bit
 * {@code b} of the Gray code of the index flips. Loaded once, immutable, thread-safe.
 */
final class SobolDirections {

    static final int BITS = 52;
    static final int MAX_DIMENSIONS = 1000;
    private static final String RESOURCE = "/assets/org/apache/commons/math3/random/new-joe-kuo-6.1000";

    private SobolDirections() {
    }

    /** The direction numbers of coordinate {@code j}, {@code 0 <= j < MAX_DIMENSIONS}; do not modify. */
    static long[] direction(int j) {
        return Table.DIRECTIONS[j];
    }

    private static final class Table {
        static final long[][] DIRECTIONS = load();
    }

    private static long[][] load() {
        List<long[]> rows = new ArrayList<>(MAX_DIMENSIONS);
        long[] first = new long[BITS];
        for (int b = 0; b < BITS; b++) {
            first[b] = 1L << (BITS - 1 - b);
        }
        rows.add(first);
        try (InputStream in = SobolSequenceGenerator.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Sobol direction numbers " + RESOURCE
                        + " not found on the class path (commons-math3 missing?)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            reader.readLine(); // header: d s a m_i
            String line;
            while ((line = reader.readLine()) != null && rows.size() < MAX_DIMENSIONS) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 3) {
                    continue;
                }
                int s = Integer.parseInt(f[1]);
                int a = Integer.parseInt(f[2]);
                long[] m = new long[s];
                for (int i = 0; i < s; i++) {
                    m[i] = Long.parseLong(f[3 + i]);
                }
                rows.add(recurrence(s, a, m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading Sobol direction numbers " + RESOURCE, e);
        }
        if (rows.size() < MAX_DIMENSIONS) {
            throw new IllegalStateException("Sobol direction numbers: only " + rows.size() + " dimensions in " + RESOURCE);
        }
        return rows.toArray(new long[0][]);
    }

    /** Direction numbers from the primitive polynomial of degree {@code s}, coefficients {@code a}, initial {@code m}. */
    private static long[] recurrence(int s, int a, long[] m) {
        long[] v = new long[BITS + 1]; // 1-based as in the literature
        for (int i = 1; i <= Math.min(s, BITS); i++) {
            v[i] = m[i - 1] << (BITS - i);
        }
        for (int i = s + 1; i <= BITS; i++) {
            v[i] = v[i - s] ^ (v[i - s] >> s);
            for (int k = 1; k <= s - 1; k++) {
                v[i] ^= ((a >> (s - 1 - k)) & 1) * v[i - k];
            }
        }
        long[] out = new long[BITS];
        System.arraycopy(v, 1, out, 0, BITS);
        return out;
    }
}
