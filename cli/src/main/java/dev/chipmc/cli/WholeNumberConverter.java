package dev.chipmc.cli;

import dev.chipmc.io.WholeNumber;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Sample counts as people write them ({@link WholeNumber}): {@code 100000}, {@code 1_000_000}, {@code 1e6}. */
final class WholeNumberConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return WholeNumber.parse(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
