package dev.chipmc.io.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the report reads from a run directory (docs/outputs.md): {@code run.json}, {@code summary.parquet},
 * {@code binding.parquet}, and where present {@code sensitivity.parquet}, {@code sobol.parquet}, and the per-sample
 * parts of {@code samples/} and {@code inputs/} reduced to one total per sample (good packages of all products over
 * the horizon) and the input columns aligned on it.
 *
 * <p>Per-sample data are read from at most {@link #MAX_SAMPLES} samples (the first parts in chunk order), which
 * bounds the memory of a report on a run of 10^8 samples; {@link #samplesRead} says how many were.
 *
 * <p>Immutable after {@link #load}; thread-safe.
 */
record RunData(Path dir, Map<String, String> meta, Table summary, Table binding, double[] totals,
    List<String> inputNames, double[][] inputs, long samplesRead, Table sensitivity, Table sobol) {

  static final int MAX_SAMPLES = 200_000;

  boolean hasSamples() {
    return totals != null && totals.length > 0;
  }

  boolean hasInputs() {
    return inputs != null && hasSamples() && !inputNames.isEmpty();
  }

  static RunData load(Path dir) throws IOException {
    Path summaryFile = dir.resolve("summary.parquet");
    if (!Files.isRegularFile(summaryFile)) {
      throw new NoSuchFileException(summaryFile.toString(), null,
          "not a complete run directory (no summary.parquet) nor a sweep directory (no sweep_summary.parquet)");
    }
    Table summary = Table.read(summaryFile);
    Map<String, String> meta = meta(dir, summary);
    Table binding = readIfPresent(dir.resolve("binding.parquet"));
    Table sensitivity = readIfPresent(dir.resolve("sensitivity.parquet"));
    Table sobol = readIfPresent(dir.resolve("sobol.parquet"));

    List<Path> sampleParts = parts(dir.resolve("samples"));
    List<Path> inputParts = parts(dir.resolve("inputs"));
    List<double[]> totalChunks = new ArrayList<>();
    List<double[][]> inputChunks = new ArrayList<>();
    List<String> inputNames = new ArrayList<>();
    boolean inputsUsable = !inputParts.isEmpty() && inputParts.size() == sampleParts.size();
    long read = 0;
    for (int k = 0; k < sampleParts.size() && read < MAX_SAMPLES; k++) {
      Table s = Table.read(sampleParts.get(k));
      long[] ids = s.longs("sample_id");
      if (ids.length == 0) {
        continue;
      }
      long first = Arrays.stream(ids).min().orElseThrow();
      long last = Arrays.stream(ids).max().orElseThrow();
      int n = Math.toIntExact(last - first + 1);
      double[] good = s.doubles("good");
      double[] t = new double[n];
      for (int r = 0; r < ids.length; r++) {
        t[(int) (ids[r] - first)] += good[r];
      }
      totalChunks.add(t);
      read += n;
      if (inputsUsable) {
        Table in = Table.read(inputParts.get(k));
        if (inputNames.isEmpty()) {
          for (Column c : in.schema()) {
            if (!c.name().equals("sample_id") && c.type() == Column.Type.DOUBLE) {
              inputNames.add(c.name());
            }
          }
        }
        long[] inIds = in.longs("sample_id");
        double[][] cols = new double[inputNames.size()][n];
        for (int c = 0; c < inputNames.size(); c++) {
          double[] v = in.doubles(inputNames.get(c));
          for (int r = 0; r < inIds.length; r++) {
            long id = inIds[r] - first;
            if (id < 0 || id >= n) {
              throw new IOException(inputParts.get(k) + " holds sample " + inIds[r] + ", which "
                  + sampleParts.get(k) + " does not");
            }
            cols[c][(int) id] = v[r];
          }
        }
        inputChunks.add(cols);
      }
    }
    double[] totals = concat(totalChunks);
    double[][] inputs = null;
    if (inputsUsable && !inputChunks.isEmpty()) {
      inputs = new double[inputNames.size()][];
      for (int c = 0; c < inputNames.size(); c++) {
        List<double[]> col = new ArrayList<>();
        for (double[][] chunk : inputChunks) {
          col.add(chunk[c]);
        }
        inputs[c] = concat(col);
      }
    }
    return new RunData(dir, meta, summary, binding, totals, List.copyOf(inputNames), inputs, read, sensitivity,
        sobol);
  }

  /** Scenario, seed, samples, sampler, version, quantile method and stop reason: from run.json, else the Parquet footer. */
  private static Map<String, String> meta(Path dir, Table summary) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    Map<String, String> kv = summary.metadata();
    m.put("scenario", kv.getOrDefault("chipmc.scenario", ""));
    m.put("seed", kv.getOrDefault("chipmc.seed", ""));
    m.put("samples", kv.getOrDefault("chipmc.samples", ""));
    m.put("sampler", kv.getOrDefault("chipmc.sampler", ""));
    m.put("version", kv.getOrDefault("chipmc.version", ""));
    m.put("periods", kv.getOrDefault("chipmc.periods", ""));
    m.put("quantile method", summary.rows() > 0 && hasColumn(summary, "quantile_method")
        ? summary.getString(0, "quantile_method") : "");
    Path runJson = dir.resolve("run.json");
    if (Files.isRegularFile(runJson)) {
      JsonNode j = new ObjectMapper().readTree(runJson.toFile());
      put(m, "scenario", j.get("scenario_name"));
      put(m, "seed", j.get("seed"));
      put(m, "samples", j.has("samples") ? j.get("samples") : j.get("samples_done"));
      put(m, "sampler", j.get("sampler"));
      put(m, "version", j.get("version"));
      put(m, "scenario source", j.get("scenario_source"));
      put(m, "stop reason", j.get("stop_reason"));
      JsonNode overrides = j.get("overrides");
      if (overrides != null && overrides.isArray() && !overrides.isEmpty()) {
        List<String> o = new ArrayList<>();
        overrides.forEach(x -> o.add(x.asText()));
        m.put("overrides", String.join(", ", o));
      }
    }
    return m;
  }

  private static void put(Map<String, String> m, String key, JsonNode v) {
    if (v != null && !v.isNull()) {
      m.put(key, v.asText());
    }
  }

  static boolean hasColumn(Table t, String name) {
    return t.schema().stream().anyMatch(c -> c.name().equals(name));
  }

  private static Table readIfPresent(Path file) throws IOException {
    return Files.isRegularFile(file) ? Table.read(file) : null;
  }

  private static List<Path> parts(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.parquet")).sorted().toList();
    }
  }

  private static double[] concat(List<double[]> chunks) {
    int n = chunks.stream().mapToInt(a -> a.length).sum();
    double[] all = new double[n];
    int at = 0;
    for (double[] a : chunks) {
      System.arraycopy(a, 0, all, at, a.length);
      at += a.length;
    }
    return all;
  }

  /** Products in the summary's order, without {@code all}. */
  List<String> products() {
    LinkedHashSet<String> p = new LinkedHashSet<>();
    for (long r = 0; r < summary.rows(); r++) {
      String name = summary.getString(r, "product");
      if (!"all".equals(name)) {
        p.add(name);
      }
    }
    return List.copyOf(p);
  }

  /** The summary row of (metric, product, period), or -1. */
  long summaryRow(String metric, String product, String period) {
    for (long r = 0; r < summary.rows(); r++) {
      if (metric.equals(summary.getString(r, "metric")) && product.equals(summary.getString(r, "product"))
          && period.equals(summary.getString(r, "period"))) {
        return r;
      }
    }
    return -1;
  }

  /** Period labels of span {@code span} for (good, product), in file order. */
  List<String> periods(String span) {
    LinkedHashSet<String> p = new LinkedHashSet<>();
    for (long r = 0; r < summary.rows(); r++) {
      if ("good".equals(summary.getString(r, "metric")) && span.equals(summary.getString(r, "span"))) {
        p.add(summary.getString(r, "period"));
      }
    }
    return List.copyOf(p);
  }
}
