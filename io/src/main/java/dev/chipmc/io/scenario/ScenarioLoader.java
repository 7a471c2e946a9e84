package dev.chipmc.io.scenario;

import dev.chipmc.model.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Loads scenario files (the format is described in {@code docs/scenario-format.md}). Every problem
 * in a file is reported at once, each with its line, column and path; a file either loads into a
 * valid {@link Scenario} or fails with a {@link ScenarioException}, whatever its bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScenarioLoader {
    /** Classpath location of the built-in reference scenario (copied from {@code scenarios/} at build time). */
    static final String BUILT_IN = "reference-2026.yaml";

    private ScenarioLoader() {
    }

    /** Loads a UTF-8 file; messages name it as given. */
    public static Scenario load(Path file) throws ScenarioException {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ScenarioException(List.of(Problem.unreadable(source, e)));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ScenarioException(List.of(new Problem(source, 0, 0, "", "the file is not UTF-8 text")));
        }
        return parse(text, source);
    }

    /** Parses scenario text; {@code sourceName} is what messages call it. */
    public static Scenario parse(String yaml, String sourceName) throws ScenarioException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        YamlTree.Parsed tree;
        try {
            tree = YamlTree.parse(yaml, sourceName);
        } catch (YamlTree.SyntaxError e) {
            throw new ScenarioException(List.of(e.problem));
        }
        ScenarioReader.Result read = ScenarioReader.read(tree.root(), sourceName);
        List<Problem> all = new ArrayList<>(tree.problems());
        all.addAll(read.problems());
        for (ScenarioChecks.Issue issue : ScenarioChecks.check(read.scenario(), read.reader().inlineInputNames())) {
            if (!read.reader().suppressed(issue)) {
                all.add(read.reader().locate(issue));
            }
        }
        if (!all.isEmpty()) {
            List<Problem> distinct = new ArrayList<>(new LinkedHashSet<>(all));
            distinct.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new ScenarioException(distinct);
        }
        return read.scenario();
    }

    /** The reference scenario shipped with chipmc ({@code scenarios/reference-2026.yaml}). */
    public static Scenario builtIn() {
        try {
            return parse(builtInText(), "built-in:" + BUILT_IN);
        } catch (ScenarioException e) {
            throw new IllegalStateException("the built-in scenario is invalid:\n" + e.getMessage(), e);
        }
    }

    /** The YAML text of the built-in reference scenario. */
    public static String builtInText() {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in scenario " + BUILT_IN + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
