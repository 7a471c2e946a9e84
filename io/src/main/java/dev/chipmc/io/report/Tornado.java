package dev.chipmc.io.report;

import dev.chipmc.io.parquet.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The tornado's bars: the {@link Report#TOP} inputs with the largest |Spearman rho| with the headline output, from
 * {@code sensitivity.parquet} (columns {@code input}, {@code output}, {@code spearman}) when the run has it, else
 * computed here from {@code samples/} and {@code inputs/}: rho of each input with the per-sample total of good
 * packages of all products over the horizon ({@link Spearman}, average ranks for ties). Inputs that are constant in
 * the samples (rho undefined) are left out.
 *
 * <p>Immutable; thread-safe.
 */
record Tornado(List<String> names, double[] rho, String note) {

  /** @return the bars, or null when the run has neither sensitivity.parquet nor samples and inputs */
  static Tornado of(RunData d) {
    return of(d, true);
  }

  /**
   * @param useTable whether to use sensitivity.parquet when present (false: always compute exactly from samples/
   *     and inputs/, as the notebook's query does)
   */
  static Tornado of(RunData d, boolean useTable) {
    List<String> names = new ArrayList<>();
    List<Double> rho = new ArrayList<>();
    String note;
    Table s = useTable ? d.sensitivity() : null;
    if (s != null) {
      String output = pickOutput(s);
      String input = Report.column(s, "input", "factor");
      String col = Report.column(s, "spearman", "rho");
      for (int r = 0; r < s.rows(); r++) {
        if ((output == null || output.equals(s.getString(r, "output"))) && !Double.isNaN(s.getDouble(r, col))) {
          names.add(s.getString(r, input));
          rho.add(s.getDouble(r, col));
        }
      }
      note = "from sensitivity.parquet" + (output == null ? "" : "; output: " + output);
    } else if (d.hasInputs()) {
      double[] yRanks = Spearman.ranks(d.totals());
      for (int c = 0; c < d.inputNames().size(); c++) {
        double v = Spearman.correlationWithRanks(d.inputs()[c], yRanks);
        if (!Double.isNaN(v)) {
          names.add(d.inputNames().get(c));
          rho.add(v);
        }
      }
      note = String.format(Locale.ROOT, "computed from %,d samples in samples/ and inputs/; output: total good"
          + " packages of all products over the horizon", d.samplesRead());
    } else {
      return null;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      order.add(i);
    }
    // largest |rho| first; ties by name, so the order does not depend on the file's row order
    order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(rho.get(i))).thenComparing(names::get));
    List<Integer> top = order.subList(0, Math.min(Report.TOP, order.size()));
    return new Tornado(top.stream().map(names::get).toList(), top.stream().mapToDouble(rho::get).toArray(), note);
  }

  /**
   * The output to show from a table with an {@code output} column: the first whose name says good packages of all
   * products over the horizon ({@code good} with {@code all} or {@code total}), else the first in the file; null
   * when the table has no {@code output} column.
   */
  static String pickOutput(Table t) {
    if (!RunData.hasColumn(t, "output")) {
      return null;
    }
    LinkedHashSet<String> outputs = new LinkedHashSet<>();
    for (int r = 0; r < t.rows(); r++) {
      outputs.add(t.getString(r, "output"));
    }
    // chipmc's own table names outputs "metric product period": total good packages is "good all all"
    if (outputs.contains("good all all")) {
      return "good all all";
    }
    for (String o : outputs) {
      String l = o == null ? "" : o.toLowerCase(Locale.ROOT);
      if (l.contains("good") && (l.contains("all") || l.contains("total"))) {
        return o;
      }
    }
    return outputs.isEmpty() ? null : outputs.iterator().next();
  }
}
