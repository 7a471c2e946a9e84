package dev.chipmc.io.scenario;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" suggestions by optimal string alignment distance (Levenshtein plus adjacent
 * transpositions), case-insensitive, with {@code -} and {@code _} treated as the same character.
 * A candidate is suggested when its distance is at most {@code max(1, min(3, length / 3))} and less
 * than the length of the name (so one letter is not "corrected" into another).
 *
 * <p>Stateless and thread-safe.
 */
final class Names {
    private Names() {
    }

    static Optional<String> closest(String name, Collection<String> candidates) {
        String a = normal(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(a, normal(c));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        return best != null && bestDistance <= limit && bestDistance < name.length() ? Optional.of(best)
                : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} or the empty string. */
    static String didYouMean(String name, Collection<String> candidates) {
        return closest(name, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > 8) {
            return Math.abs(n - m);
        }
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
