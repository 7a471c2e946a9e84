package dev.chipmc.model;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenario's {@code T >= 1} periods, by label. When every label is a quarter
 * ({@code 2026Q1}), {@link #year(int)} gives its calendar year so outputs can be summed per year.
 */
public record Periods(List<String> labels) {
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");

    public Periods {
        labels = List.copyOf(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("periods: need at least one");
        }
    }

    /** {@code count} consecutive quarters from {@code year}Q{@code quarter}. */
    public static Periods quarters(int year, int quarter, int count) {
        List<String> l = new ArrayList<>(count);
        int y = year;
        int q = quarter;
        for (int i = 0; i < count; i++) {
            l.add(y + "Q" + q);
            if (++q > 4) {
                q = 1;
                y++;
            }
        }
        return new Periods(l);
    }

    public int count() {
        return labels.size();
    }

    public String label(int t) {
        return labels.get(t);
    }

    /** Whether every label is a quarter {@code YYYYQn}. */
    public boolean quarterly() {
        return labels.stream().allMatch(l -> QUARTER.matcher(l).matches());
    }

    /** The calendar year of period {@code t}, when its label is a quarter. */
    public OptionalInt year(int t) {
        Matcher m = QUARTER.matcher(labels.get(t));
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
