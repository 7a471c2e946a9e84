package dev.chipmc.io.run;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chipmc.model.Distribution;
import dev.chipmc.model.Profile;
import dev.chipmc.model.Scenario;
import dev.chipmc.model.Supply;
import dev.chipmc.model.Value;
import dev.chipmc.model.YieldModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The resolved scenario as JSON (every default filled in, every inline distribution a named input),
 * for {@code run.json}, and its SHA-256, which tags every output file and lets {@code resume} tell a
 * changed scenario. The model stays free of annotations: the type tags of its sealed families come
 * from Jackson mix-ins here.
 */
public final class ScenarioJson {

    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private interface Tagged {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addMixIn(Value.class, Tagged.class)
            .addMixIn(Distribution.class, Tagged.class)
            .addMixIn(Profile.class, Tagged.class)
            .addMixIn(YieldModel.class, Tagged.class)
            .addMixIn(Supply.class, Tagged.class)
            .findAndAddModules()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    private ScenarioJson() {
    }

    public static JsonNode tree(Scenario s) {
        return MAPPER.valueToTree(s);
    }

    public static String text(Scenario s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise scenario " + s.name(), e);
        }
    }

    /**
     * The scenario's description shared by every manifest chipmc writes ({@code run.json},
     * {@code sensitivity.json}): {@code scenario_name}, {@code scenario_source} (the file, or
     * {@code built-in}), {@code scenario_sha256} and {@code overrides}.
     */
    public static void describe(ObjectNode j, Scenario s, Path source,
            List<String> overrides) {
        j.put("scenario_name", s.name());
        j.put("scenario_source", source == null ? "built-in" : source.toAbsolutePath().toString());
        j.put("scenario_sha256", sha256(s));
        ArrayNode ov = j.putArray("overrides");
        overrides.forEach(ov::add);
    }

    public static String sha256(Scenario s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text(s).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
