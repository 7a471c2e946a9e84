package dev.chipmc.io.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, {@code rho = cov(R(x), R(y)) / (sd(R(x)) sd(R(y)))},
 * with tied values given the average of the ranks they span (so {@code rho} is exact with ties, not the
 * {@code 1 - 6 sum d^2 / (n (n^2 - 1))} shortcut, which only holds without them).
 *
 * <p>Stateless and thread-safe.
 */
public final class Spearman {

  private Spearman() {
  }

  /**
   * Ranks from 1 to n; ties get the mean of the ranks they occupy ({@code {5, 1, 5}} gives {@code {2.5, 1, 2.5}}).
   *
   * @param x the values, none NaN
   * @return their ranks
   * @throws IllegalArgumentException if a value is NaN
   */
  public static double[] ranks(double[] x) {
    Objects.requireNonNull(x, "x");
    int n = x.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(x[i])) {
        throw new IllegalArgumentException("x[" + i + "] is NaN");
      }
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    double[] r = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = avg;
      }
      i = j + 1;
    }
    return r;
  }

  /**
   * @param x one variable
   * @param y the other, as long as {@code x}
   * @return Spearman's rho, or NaN when either variable is constant or there are fewer than 2 values
   * @throws IllegalArgumentException if the lengths differ or a value is NaN
   */
  public static double correlation(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length);
    }
    return pearson(ranks(x), ranks(y));
  }

  /** Spearman's rho of {@code x} against ranks of y already computed (to rank the output once for many inputs). */
  static double correlationWithRanks(double[] x, double[] yRanks) {
    if (x.length != yRanks.length) {
      throw new IllegalArgumentException("x has " + x.length + " values but y has " + yRanks.length);
    }
    return pearson(ranks(x), yRanks);
  }

  private static double pearson(double[] a, double[] b) {
    int n = a.length;
    if (n < 2) {
      return Double.NaN;
    }
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      double da = a[i] - ma;
      double db = b[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
  }
}
