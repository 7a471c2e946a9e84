package dev.chipmc.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them: {@code 90s}, {@code 30m}, {@code 8h}, {@code 1h30m}, {@code 2d},
 * or ISO-8601 ({@code PT8H}). A bare number is seconds.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            try {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 30m, 8h, 1h30m, PT8H)");
            }
        }
        if (v.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
        Matcher m = PART.matcher(v);
        int at = 0;
        double millis = 0;
        while (m.find() && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            millis += n * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            at = m.end();
        }
        if (at == 0 || at != v.length()) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 30m, 8h, 1h30m, PT8H)");
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
