package dev.chipmc.io.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chipmc.engine.sampling.SamplerKind;
import dev.chipmc.engine.stats.Accumulator;
import dev.chipmc.io.BadInputException;
import dev.chipmc.io.DirectoryLock;
import dev.chipmc.io.parquet.Table;
import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.RunRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {
    private static final long SAMPLES = 8192;

    @TempDir
    static Path shared;
    static Path base;
    static Path otherSeed;
    static Path flat;
    static Path steep;

    private static Path run(String name, long seed, List<String> sets) throws Exception {
        RunRequest req = new RunRequest(null, SAMPLES, seed, 2, SamplerKind.MC, shared.resolve(name), false, sets,
                Accumulator.DEFAULT_BUDGET_BYTES);
        return RunJob.run(req, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).directory();
    }

    @BeforeAll
    static void setUp() throws Exception {
        base = run("base", 7, List.of());
        otherSeed = run("seed8", 8, List.of());
        flat = run("flat", 7, List.of("cowos_l.growth=0.0"));
        steep = run("steep", 7, List.of("cowos_l.growth=0.2"));
    }

    @Test
    void compare_runWithItself_zeroShiftsAndNoFlags() throws Exception {
        RunComparison.Result r = RunComparison.compare(base, base, 0.95);
        assertTrue(r.sameSeed());
        assertFalse(r.shifts().isEmpty());
        for (RunComparison.Shift s : r.shifts()) {
            assertEquals(0.0, s.shift(), s.toString());
            assertFalse(s.real(), s.toString());
        }
        // all and 4 products (per year 2026, 2027 and the horizon) x mean, p05, p50, p95, plus P(below
        // target) where a target exists (blackwell-ultra-class and all): 5 x 3 x 4 + 2 x 3 = 66.
        assertEquals(66, r.shifts().size());
    }

    @Test
    void compare_cowosGrowthZeroVersusTwentyPercent_totalFlaggedReal() throws Exception {
        RunComparison.Result r = RunComparison.compare(flat, steep, 0.95);
        RunComparison.Shift mean = r.find("all", "all", "mean");
        RunComparison.Shift p50 = r.find("all", "all", "p50");
        // CoWoS-L growth of 20 % instead of 0 % a quarter adds interposer capacity in every quarter after
        // the first; where CoWoS-L binds, total good packages rise far beyond the Monte Carlo noise.
        assertTrue(mean.shift() > 0 && mean.real(), mean.toString());
        assertTrue(p50.real(), p50.toString());
        String text = RunComparison.format(r);
        assertTrue(text.contains("real"), text);
    }

    @Test
    void compare_differentSeedsOnly_headlineNotFlaggedAndFewFlags() throws Exception {
        RunComparison.Result r = RunComparison.compare(base, otherSeed, 0.95);
        assertFalse(r.sameSeed());
        /*
         * Nothing changed but the seed. Each 95 % interval excludes 0 by chance with probability about
         * 5 % (the quantile intervals, from a density estimated over neighbouring quantiles, are
         * approximate), so the headline mean of total good packages over the horizon is flagged with
         * probability 5 % for a random pair of seeds (accepted; these seeds are fixed). Of the 66 shifts,
         * which are positively correlated, we expect about 3 flags; more than 13 (20 %) would mean the
         * intervals are far too narrow (for 66 independent 5 % events P(> 13) < 1e-5).
         */
        assertFalse(r.find("all", "all", "mean").real(), r.find("all", "all", "mean").toString());
        long flagged = r.shifts().stream().filter(RunComparison.Shift::real).count();
        assertTrue(flagged <= 13, flagged + " shifts flagged:\n" + RunComparison.format(r));
    }

    @Test
    void compare_notARun_refused() {
        var e = assertThrows(BadInputException.class, () -> RunComparison.compare(base, shared.resolve("nope"), 0.95));
        assertTrue(e.getMessage().contains("not a finished run"), e.getMessage());
    }

    /** A stopped run's .partial directory: say how to finish it; one being run now: say who runs it. */
    @Test
    void compare_unfinishedRun_saysToResumeIt_orWhoIsRunningIt() throws Exception {
        Path out = shared.resolve("stopped");
        Path partial = Files.createDirectory(shared.resolve("stopped.partial"));
        var e = assertThrows(BadInputException.class, () -> RunComparison.compare(base, out, 0.95));
        assertTrue(e.getMessage().contains("(the run is unfinished: " + partial + "; finish it with 'chipmc resume "
                + out + "')"), e.getMessage());
        try (DirectoryLock running = DirectoryLock.tryAcquire(partial).orElseThrow()) {
            e = assertThrows(BadInputException.class, () -> RunComparison.compare(base, out, 0.95));
            assertTrue(e.getMessage().contains("(the run is still going: process " + ProcessHandle.current().pid()
                    + ", since "), e.getMessage());
        }
    }

    @Test
    void write_shifts_parquetRoundTrip() throws Exception {
        RunComparison.Result r = RunComparison.compare(flat, steep, 0.95);
        Path f = shared.resolve("cmp.parquet");
        RunComparison.write(r, f);
        Table t = Table.read(f);
        assertEquals(r.shifts().size(), t.rows());
        assertTrue(Files.size(f) > 0);
    }
}
