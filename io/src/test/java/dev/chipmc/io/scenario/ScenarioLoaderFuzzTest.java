package dev.chipmc.io.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the bytes, the loader returns a scenario or throws {@link ScenarioException}: never
 * another exception, never a hang. Mutations of the reference file, from a fixed seed so a failure
 * reproduces: byte flips (to random bytes and to YAML's structural characters), line deletions
 * and duplications, token swaps, truncations, one to three at a time. The timeout per batch is a
 * guard against hangs, generous enough (about 100 times the usual run time) not to fail on a slow
 * machine.
 */
class ScenarioLoaderFuzzTest {
    private static final long SEED = 123456789L;
    private static final int BATCHES = 6;
    private static final int PER_BATCH = 500;
    private static final byte[] STRUCTURAL = ":-[]{},#&*!|>'\"%@`\t\n ()=.0123456789eE".getBytes(StandardCharsets.US_ASCII);

    private int loaded;
    private int refused;

    @Test
    void mutatedReference_loadsOrThrowsScenarioException() throws IOException {
        byte[] original = Files.readAllBytes(ReferenceScenarioTest.FILE);
        SplittableRandom rng = new SplittableRandom(SEED);
        for (int b = 0; b < BATCHES; b++) {
            int batch = b;
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                for (int i = 0; i < PER_BATCH; i++) {
                    byte[] m = original;
                    int n = 1 + rng.nextInt(3);
                    for (int k = 0; k < n; k++) {
                        m = mutate(m, rng);
                    }
                    check(new String(m, StandardCharsets.UTF_8), "batch " + batch + " mutation " + i);
                }
            });
        }
        assertTrue(loaded > 0, "some mutations (in comments, say) still load");
        assertTrue(refused > loaded, "most mutations break the file");
    }

    @Test
    void mutatedBytesFromFile_includingInvalidUtf8_loadOrThrowScenarioException(@TempDir Path dir) throws IOException {
        byte[] original = Files.readAllBytes(ReferenceScenarioTest.FILE);
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        Path file = dir.resolve("m.yaml");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 200; i++) {
                byte[] m = original.clone();
                m[rng.nextInt(m.length)] = (byte) (0x80 + rng.nextInt(0x80));
                Files.write(file, m);
                try {
                    ScenarioLoader.load(file);
                    loaded++;
                } catch (ScenarioException e) {
                    assertFalse(e.problems().isEmpty());
                } catch (RuntimeException | Error e) {
                    fail("file mutation " + i + " threw " + e, e);
                }
            }
        });
    }

    private void check(String text, String what) {
        try {
            ScenarioLoader.parse(text, "fuzz.yaml");
            loaded++;
        } catch (ScenarioException e) {
            refused++;
            assertFalse(e.problems().isEmpty());
            for (Problem p : e.problems()) {
                if (p.line() < 0 || p.column() < 0 || p.message().isEmpty()) {
                    fail(what + ": malformed problem " + p);
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            fail(what + " threw " + e + " on:\n" + text, e);
        }
    }

    private static byte[] mutate(byte[] in, SplittableRandom rng) {
        if (in.length == 0) {
            return in;
        }
        return switch (rng.nextInt(6)) {
            case 0 -> {
                byte[] m = in.clone();
                m[rng.nextInt(m.length)] = (byte) rng.nextInt(256);
                yield m;
            }
            case 1 -> {
                byte[] m = in.clone();
                m[rng.nextInt(m.length)] = STRUCTURAL[rng.nextInt(STRUCTURAL.length)];
                yield m;
            }
            case 2 -> editLines(in, rng, false);
            case 3 -> editLines(in, rng, true);
            case 4 -> swapTokens(in, rng);
            default -> Arrays.copyOf(in, rng.nextInt(in.length));
        };
    }

    private static byte[] editLines(byte[] in, SplittableRandom rng, boolean duplicate) {
        List<String> lines = new ArrayList<>(List.of(new String(in, StandardCharsets.UTF_8).split("\n", -1)));
        int i = rng.nextInt(lines.size());
        if (duplicate) {
            lines.add(i, lines.get(i));
        } else {
            lines.remove(i);
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] swapTokens(byte[] in, SplittableRandom rng) {
        String[] tokens = new String(in, StandardCharsets.UTF_8).split("(?<=[ \\n,:\\[\\]{}])|(?=[ \\n,:\\[\\]{}])");
        int a = rng.nextInt(tokens.length);
        int b = rng.nextInt(tokens.length);
        String t = tokens[a];
        tokens[a] = tokens[b];
        tokens[b] = t;
        return String.join("", tokens).getBytes(StandardCharsets.UTF_8);
    }
}
