package dev.chipmc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WholeNumberTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "100000            | 100000",
        "1_000_000         | 1000000",
        "' 4096 '          | 4096",
        "+7                | 7",
        "-3                | -3",
        "1e6               | 1000000",
        "2.5E5             | 250000",
        "1e+3              | 1000",
        "1.0               | 1",
        "9e15              | 9000000000000000",
        "10_000_000_000    | 10000000000",
        "9223372036854775807 | 9223372036854775807"})
    void parse_wholeNumbersAsPeopleWriteThem(String text, long expected) {
        assertEquals(expected, WholeNumber.parse(text));
    }

    @Test
    void parse_scientificNotationBelowOne_isZeroOnlyWhenExactlyZero() {
        assertEquals(0, WholeNumber.parse("0e5"));
        assertThrows(NumberFormatException.class, () -> WholeNumber.parse("1e-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "2.5e0", "1e-3"})
    void parse_fraction_saysNotAWholeNumberAndWhatToWrite(String text) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> WholeNumber.parse(text));
        assertEquals("'" + text + "' is not a whole number; write a whole number such as 100000, 1_000_000 or 1e6",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", "1,000", "1e", "NaN", "Infinity", "0x10", "1e6d", "1M"})
    void parse_notANumber_saysSo(String text) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> WholeNumber.parse(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is not a number; write a whole number such as"),
                e.getMessage());
    }

    @Test
    void parse_tooLarge_saysWhy() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> WholeNumber.parse("1e16"));
        assertEquals("'1e16' is above 9000000000000000 in scientific notation; write its digits", e.getMessage());
        e = assertThrows(NumberFormatException.class, () -> WholeNumber.parse("9223372036854775808"));
        assertEquals("'9223372036854775808' is beyond the largest whole number, 9223372036854775807", e.getMessage());
    }
}
