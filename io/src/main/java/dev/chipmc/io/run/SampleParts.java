package dev.chipmc.io.run;

import dev.chipmc.engine.run.SampleSink;
import dev.chipmc.io.parquet.Column;
import dev.chipmc.io.parquet.TableWriter;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.SampleOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-sample tables, one part file per chunk written by the worker that evaluated the chunk:
 * {@code samples/part-NNNNN.parquet} (one row per sample, product and period) and
 * {@code inputs/part-NNNNN.parquet} (one row per sample, one column per named input), joinable on
 * {@code sample_id}. Part {@code N} holds chunk {@code N}, so its content does not depend on threads.
 *
 * <p>Thread-safe: each {@link #open} returns a writer for one thread.
 */
public final class SampleParts implements SampleSink {
    public static final String SAMPLES_DIR = "samples";
    public static final String INPUTS_DIR = "inputs";

    private final Path samplesDir;
    private final Path inputsDir;
    private final CompiledModel model;
    private final Map<String, String> metadata;
    private final List<Column> sampleSchema;
    private final List<Column> inputSchema;
    private final String[] periodLabels;
    private final String[] productNames;
    private final String[] bindingNames;

    public SampleParts(Path runDir, CompiledModel model, Map<String, String> metadata) throws IOException {
        this.samplesDir = Files.createDirectories(runDir.resolve(SAMPLES_DIR));
        this.inputsDir = Files.createDirectories(runDir.resolve(INPUTS_DIR));
        this.model = model;
        this.metadata = Map.copyOf(metadata);
        this.sampleSchema = List.of(Column.int64("sample_id"), Column.string("product"), Column.string("period"),
                Column.int32("period_index"), Column.dbl("started"), Column.dbl("good"), Column.string("binding"),
                Column.dbl("target"), Column.dbl("shortfall"));
        List<Column> in = new ArrayList<>();
        in.add(Column.int64("sample_id"));
        for (String name : model.inputNames()) {
            in.add(Column.dbl(name));
        }
        this.inputSchema = List.copyOf(in);
        periodLabels = model.scenario().periods().labels().toArray(String[]::new);
        productNames = new String[model.products()];
        for (int p = 0; p < productNames.length; p++) {
            productNames[p] = model.productName(p);
        }
        bindingNames = new String[model.bindingCodes()];
        for (int c = 0; c < bindingNames.length; c++) {
            bindingNames[c] = model.bindingName(c);
        }
    }

    public static String partName(long chunk) {
        return String.format(Locale.ROOT, "part-%05d.parquet", chunk);
    }

    @Override
    public Chunk open(long chunkIndex) throws IOException {
        String name = partName(chunkIndex);
        TableWriter samples = TableWriter.create(samplesDir.resolve(name), sampleSchema, metadata);
        TableWriter inputs;
        try {
            inputs = TableWriter.create(inputsDir.resolve(name), inputSchema, metadata);
        } catch (IOException | RuntimeException e) {
            samples.abort();
            throw e;
        }
        return new PartWriter(samples, inputs);
    }

    private final class PartWriter implements Chunk {
        private final TableWriter samples;
        private final TableWriter inputs;

        PartWriter(TableWriter samples, TableWriter inputs) {
            this.samples = samples;
            this.inputs = inputs;
        }

        @Override
        public void accept(long sampleId, double[] x, SampleOutput out) throws IOException {
            int periods = out.periods;
            for (int p = 0; p < out.products; p++) {
                for (int t = 0; t < periods; t++) {
                    int i = p * periods + t;
                    samples.setLong(0, sampleId);
                    samples.setString(1, productNames[p]);
                    samples.setString(2, periodLabels[t]);
                    samples.setInt(3, t);
                    samples.setDouble(4, out.started[i]);
                    samples.setDouble(5, out.good[i]);
                    samples.setString(6, bindingNames[out.binding[i]]);
                    if (Double.isNaN(out.target[i])) {
                        samples.setNull(7);
                    } else {
                        samples.setDouble(7, out.target[i]);
                    }
                    samples.setDouble(8, out.shortfall[i]);
                    samples.endRow();
                }
            }
            inputs.setLong(0, sampleId);
            int k = model.inputCount();
            for (int j = 0; j < k; j++) {
                inputs.setDouble(j + 1, x[j]);
            }
            inputs.endRow();
        }

        @Override
        public void close() throws IOException {
            samples.close();
            inputs.close();
        }

        @Override
        public void abort() {
            samples.abort();
            inputs.abort();
        }
    }
}
