package dev.chipmc.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.model.ReferenceScenarioFixture;
import dev.chipmc.model.eval.CompiledModel;
import dev.chipmc.model.eval.SampleOutput;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputLayoutTest {
    private static final CompiledModel MODEL = CompiledModel.compile(ReferenceScenarioFixture.build());

    /**
     * The readable definition of a column, straight from its {@link OutputLayout.ColumnDef}: per period the
     * entity's value (for {@code all}, the products' values summed in product order), then summed over
     * the span's periods in order from 0.
     */
    private static double expected(OutputLayout.ColumnDef c, SampleOutput out, double[] totalTarget) {
        int periods = out.periods;
        double good = 0;
        double started = 0;
        double target = 0;
        for (int t = c.spanStart(); t < c.spanEnd(); t++) {
            double g = 0;
            double s = 0;
            double tg = 0;
            if (c.entity() == out.products) {
                for (int p = 0; p < out.products; p++) {
                    g += out.good[p * periods + t];
                    s += out.started[p * periods + t];
                }
                tg = totalTarget[t];
            } else {
                int i = c.entity() * periods + t;
                g = out.good[i];
                s = out.started[i];
                tg = out.target[i];
            }
            good += g;
            started += s;
            target += tg;
        }
        return switch (c.metric()) {
            case GOOD -> good;
            case STARTED -> started;
            case TARGET -> target;
            case BELOW_TARGET -> good < target ? 1 : 0;
            case SHORTFALL -> Math.max(0, target - good);
        };
    }

    @Test
    void fill_randomSamples_everyColumnEqualsItsDefinitionBitForBit() {
        OutputLayout layout = new OutputLayout(MODEL);
        SampleOutput out = MODEL.newOutput();
        int periods = out.periods;
        double[] totalTarget = new double[periods];
        double[] scratch = new double[layout.scratchLength()];
        double[] row = new double[layout.columnCount()];
        SplittableRandom rnd = new SplittableRandom(7);
        boolean sawBelow = false;
        boolean sawAbove = false;
        for (int sample = 0; sample < 500; sample++) {
            for (int i = 0; i < out.good.length; i++) {
                // Exact zeros (a product that starts nothing) as well as spread values.
                out.good[i] = rnd.nextInt(5) == 0 ? 0.0 : rnd.nextDouble() * 3e5;
                out.started[i] = out.good[i] * (1 + rnd.nextDouble());
                out.target[i] = MODEL.hasTarget(i / periods) ? rnd.nextDouble() * 3e5 : Double.NaN;
            }
            for (int t = 0; t < periods; t++) {
                totalTarget[t] = MODEL.hasTotalTarget() ? rnd.nextDouble() * 1e6 : Double.NaN;
            }
            // Alternately as a row and as one sample (the third) of a column-major block of stride 5.
            boolean asBlock = sample % 2 == 1;
            if (asBlock) {
                double[] block = new double[row.length * 5];
                layout.fill(out, t -> totalTarget[t], scratch, block, 2, 5);
                for (int c = 0; c < row.length; c++) {
                    row[c] = block[2 + c * 5];
                }
            } else {
                layout.fill(out, t -> totalTarget[t], scratch, row, 0, 1);
            }
            for (int c = 0; c < row.length; c++) {
                OutputLayout.ColumnDef def = layout.columns().get(c);
                double want = expected(def, out, totalTarget);
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(row[c]),
                        () -> def + ": want " + want);
                if (def.metric() == OutputLayout.Metric.BELOW_TARGET) {
                    sawBelow |= row[c] == 1;
                    sawAbove |= row[c] == 0;
                }
            }
        }
        // The reference scenario has targets, and random targets fall on both sides of the volumes.
        assertTrue(sawBelow && sawAbove);
    }

    /**
     * {@code fillLanes} against {@code fill} sample by sample: 8 random samples (zeros included, targets
     * where the reference has them, 0 where {@code fill} counts a missing target as 0) as 8 consecutive
     * rows of a column-major block (stride 21, from row 5), every column bit for bit.
     */
    @Test
    void fillLanes_randomSamples_equalFillSampleBySample() {
        OutputLayout layout = new OutputLayout(MODEL);
        int n = 8;
        int periods = MODEL.periods();
        int cells = MODEL.products() * periods;
        SampleOutput[] outs = new SampleOutput[n];
        double[][] totals = new double[n][periods];
        double[] good = new double[cells * n];
        double[] started = new double[cells * n];
        double[] target = new double[cells * n];
        OutputLayout.TotalTarget[] total = new OutputLayout.TotalTarget[n];
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 50; round++) {
            for (int l = 0; l < n; l++) {
                SampleOutput out = MODEL.newOutput();
                for (int i = 0; i < cells; i++) {
                    out.good[i] = rnd.nextInt(5) == 0 ? 0.0 : rnd.nextDouble() * 3e5;
                    out.started[i] = out.good[i] * (1 + rnd.nextDouble());
                    boolean has = MODEL.hasTarget(i / periods);
                    out.target[i] = has ? rnd.nextDouble() * 3e5 : Double.NaN;
                    good[i * n + l] = out.good[i];
                    started[i * n + l] = out.started[i];
                    target[i * n + l] = has ? out.target[i] : 0;
                }
                for (int t = 0; t < periods; t++) {
                    totals[l][t] = MODEL.hasTotalTarget() ? rnd.nextDouble() * 1e6 : Double.NaN;
                }
                double[] tl = totals[l];
                total[l] = t -> tl[t];
                outs[l] = out;
            }
            int stride = 21;
            double[] block = new double[layout.columnCount() * stride];
            layout.fillLanes(good, started, target, total, n, new double[layout.scratchLength() * n], block, 5,
                    stride);
            double[] expected = new double[layout.columnCount() * stride];
            for (int l = 0; l < n; l++) {
                layout.fill(outs[l], total[l], new double[layout.scratchLength()], expected, 5 + l, stride);
            }
            for (int c = 0; c < layout.columnCount(); c++) {
                for (int l = 0; l < n; l++) {
                    int k = c * stride + 5 + l;
                    assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(block[k]),
                            layout.columns().get(c) + " lane " + l);
                }
            }
        }
    }
}
