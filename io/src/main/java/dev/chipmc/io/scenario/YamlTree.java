package dev.chipmc.io.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small YAML document tree whose every node knows its line and column, read with Jackson's
 * streaming {@link YAMLParser} (Jackson's own tree model drops locations). Scalars keep their
 * text as written; their type is decided by whoever reads them, so {@code 90e3} is a number where a
 * number is expected. Anchors and aliases are refused (they would let a small file expand without
 * bound); duplicate keys are reported.
 *
 * <p>Public so that other located YAML files (sweep files) are read the same way; a node built
 * elsewhere may carry a line below 1 as a marker (see {@code Overrides}).
 *
 * <p>Nodes are immutable once built; parsing is thread-safe (a fresh parser per call).
 */
public final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
    private static final int MAX_DEPTH = 64;

    private YamlTree() {
    }

    /** A 1-based position in the source. */
    public record Loc(int line, int column) {
        public static final Loc START = new Loc(1, 1);
    }

    public sealed interface Node {
        Loc loc();

        /** What the node is, for messages: "a number", "a map", "a list". */
        String describe();
    }

    /** A scalar as written; {@code isNull} for {@code ~}, {@code null} and an empty value. */
    public record Scalar(String text, boolean isNull, Loc loc) implements Node {
        @Override
        public String describe() {
            return isNull ? "nothing" : "'" + text + "'";
        }
    }

    /** A key with the location of the key itself. */
    public record Entry(String key, Loc keyLoc, Node value) {
    }

    public record MapNode(Map<String, Entry> entries, Loc loc) implements Node {
        @Override
        public String describe() {
            return "a map";
        }
    }

    public record ListNode(List<Node> items, Loc loc) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** The parsed document and the problems found while reading it (duplicate keys). */
    public record Parsed(Node root, List<Problem> problems) {
    }

    /** Thrown for a document that cannot be read at all; carries one located problem. */
    public static final class SyntaxError extends Exception {
        public final transient Problem problem;

        SyntaxError(Problem problem) {
            super(problem.toString());
            this.problem = problem;
        }
    }

    public static Parsed parse(String yaml, String source) throws SyntaxError {
        List<Problem> problems = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SyntaxError(new Problem(source, 1, 1, "", "the file is empty; a scenario is a map of "
                        + "name, periods, inputs, resources, products, ..."));
            }
            Node root = read(p, first, source, problems, 0);
            JsonToken next = p.nextToken();
            if (next != null) {
                Loc l = loc(p.currentTokenLocation());
                throw new SyntaxError(new Problem(source, l.line(), l.column(), "",
                        "a second YAML document ('---') is not allowed; a scenario file holds one document"));
            }
            return new Parsed(root, problems);
        } catch (JsonProcessingException e) {
            throw new SyntaxError(syntaxProblem(e, source));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports a few malformed inputs with unchecked exceptions; they are still input errors.
            throw new SyntaxError(new Problem(source, 0, 0, "", "YAML syntax error: " + firstLine(e.getMessage())));
        }
    }

    private static Node read(JsonParser p, JsonToken t, String source, List<Problem> problems, int depth)
            throws IOException, SyntaxError {
        Loc at = loc(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new SyntaxError(new Problem(source, at.line(), at.column(), "",
                    "nested more than " + MAX_DEPTH + " levels deep"));
        }
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new SyntaxError(new Problem(source, at.line(), at.column(), "",
                    "aliases (*" + p.getText() + ") are not supported; to use one number in several places, "
                            + "define it once under inputs: and write its name"));
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Loc keyLoc = loc(p.currentTokenLocation());
                    Node value = read(p, p.nextToken(), source, problems, depth + 1);
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(new Problem(source, keyLoc.line(), keyLoc.column(), "",
                                "duplicate key '" + key + "' (first at line " + previous.keyLoc().line() + ")"));
                    } else {
                        entries.put(key, new Entry(key, keyLoc, value));
                    }
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new SyntaxError(new Problem(source, at.line(), at.column(), "", "malformed map"));
                }
                return new MapNode(Collections.unmodifiableMap(entries), at);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (i == null) {
                        throw new SyntaxError(new Problem(source, at.line(), at.column(), "", "unterminated list"));
                    }
                    items.add(read(p, i, source, problems, depth + 1));
                }
                return new ListNode(List.copyOf(items), at);
            }
            case VALUE_NULL -> {
                return new Scalar("", true, at);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                String text = p.getText();
                return new Scalar(text, text.isEmpty(), at);
            }
            default -> throw new SyntaxError(new Problem(source, at.line(), at.column(), "",
                    "unexpected YAML content (" + t + ")"));
        }
    }

    private static Problem syntaxProblem(JsonProcessingException e, String source) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            String what = m.getProblem() == null ? firstLine(e.getOriginalMessage()) : m.getProblem();
            if (m.getContext() != null) {
                what = what + " (" + m.getContext() + ")";
            }
            return new Problem(source, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1, "",
                    "YAML syntax error: " + what);
        }
        JsonLocation l = e.getLocation();
        Loc at = l == null ? new Loc(0, 0) : loc(l);
        return new Problem(source, at.line(), at.column(), "", "YAML syntax error: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Loc loc(JsonLocation l) {
        return new Loc(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
    }
}
