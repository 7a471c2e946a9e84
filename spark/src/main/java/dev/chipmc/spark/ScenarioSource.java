package dev.chipmc.spark;

import dev.chipmc.io.run.RunJob;
import dev.chipmc.io.run.RunRequest;
import dev.chipmc.io.run.ScenarioJson;
import dev.chipmc.io.scenario.Overrides;
import dev.chipmc.io.scenario.ScenarioException;
import dev.chipmc.model.Scenario;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A scenario as Spark ships it to executors: the scenario file's text (null for the built-in
 * scenario), its file name and the {@code --set} overrides. An executor rebuilds the scenario with
 * the same loader as the command line ({@link Overrides#load}) from a private copy of the file, and
 * checks that its SHA-256 ({@link ScenarioJson#sha256}) is the driver's, so a task can never run a
 * different scenario. Immutable; {@link #load()} is thread-safe.
 */
public record ScenarioSource(String fileName, String text, List<String> overrides, String sha256) implements Serializable {

    public ScenarioSource {
        overrides = List.copyOf(overrides);
    }

    /** Reads the request's scenario file on the driver and resolves it there once, to record its checksum. */
    public static ScenarioSource of(RunRequest req) throws IOException, ScenarioException {
        Scenario s = RunJob.scenario(req);
        String text = req.scenario() == null ? null : Files.readString(req.scenario(), StandardCharsets.UTF_8);
        String name = req.scenario() == null ? null : req.scenario().getFileName().toString();
        return new ScenarioSource(name, text, req.overrides(), ScenarioJson.sha256(s));
    }

    /** The resolved scenario, rebuilt from the shipped text; fails when it is not the driver's. */
    public Scenario load() {
        try {
            Scenario s;
            if (text == null) {
                s = Overrides.load(null, overrides);
            } else {
                Path dir = Files.createTempDirectory("chipmc-scenario-");
                Path f = dir.resolve(fileName);
                try {
                    Files.writeString(f, text, StandardCharsets.UTF_8);
                    s = Overrides.load(f, overrides);
                } finally {
                    Files.deleteIfExists(f);
                    Files.deleteIfExists(dir);
                }
            }
            String sha = ScenarioJson.sha256(s);
            if (!sha.equals(sha256)) {
                throw new IllegalStateException("the scenario rebuilt on this executor (SHA-256 " + sha
                        + ") differs from the driver's (" + sha256 + ")");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ScenarioException e) {
            throw new IllegalStateException("the scenario does not load on this executor: " + e.getMessage(), e);
        }
    }
}
