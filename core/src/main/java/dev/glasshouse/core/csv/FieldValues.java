package dev.glasshouse.core.csv;

import dev.glasshouse.core.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Converts one column's fields straight from the bytes of a line (the fast path of {@link CsvRowReader}), giving
 * exactly the values {@link CsvValues#parse} gives for the same text. Plain integers and plain decimals are read
 * without making a string; any other text goes through {@link CsvValues#parse}.
 *
 * <p>Decimals with at most 15 digits are {@code digits / 10^scale} computed in doubles: both operands are exact and
 * IEEE division rounds correctly, so the result is the correctly rounded value, which is what
 * {@link Double#parseDouble} returns (the classic fast path of decimal-to-binary conversion).
 *
 * <p>Short strings that repeat (a country code, a category) are kept in a small cache and handed out again instead
 * of being decoded per row; the cache turns itself off for a column whose values rarely repeat.
 */
final class FieldValues {
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }

    private static final int CACHE_SIZE = 256;
    private static final int CACHEABLE_LENGTH = 24;
    /** Lookups after which a cache that hits less than half the time is turned off. */
    private static final int CACHE_TRIAL = 4096;

    private final DataType type;
    private byte[][] cachedBytes;
    private String[] cachedStrings;
    private int lookups;
    private int hits;

    FieldValues(DataType type) {
        this.type = type;
        if (type == DataType.STRING) {
            cachedBytes = new byte[CACHE_SIZE][];
            cachedStrings = new String[CACHE_SIZE];
        }
    }

    /**
     * The value of the field {@code b[start, end)}, which is not the null value.
     *
     * @throws IllegalArgumentException when the text is not a value of the type (as {@link CsvValues#parse})
     */
    Object parse(byte[] b, int start, int end) {
        switch (type.kind()) {
            case STRING:
                return string(b, start, end);
            case LONG: {
                long value = plainLong(b, start, end);
                if (value != NOT_PLAIN) return value;
                break;
            }
            case INT: {
                long value = plainLong(b, start, end);
                if (value != NOT_PLAIN && value == (int) value) return (int) value;
                break;
            }
            case DOUBLE: {
                double value = plainDecimal(b, start, end);
                if (!Double.isNaN(value)) return value;
                break;
            }
            default:
                break;
        }
        return CsvValues.parse(text(b, start, end), type);
    }

    static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    private String string(byte[] b, int start, int end) {
        int length = end - start;
        if (cachedBytes == null || length > CACHEABLE_LENGTH) return text(b, start, end);
        int hash = 0;
        for (int i = start; i < end; i++) hash = 31 * hash + b[i];
        int slot = (hash ^ (hash >>> 8)) & (CACHE_SIZE - 1);
        byte[] key = cachedBytes[slot];
        lookups++;
        if (key != null && Arrays.equals(key, 0, key.length, b, start, end)) {
            hits++;
            return cachedStrings[slot];
        }
        String value = text(b, start, end);
        cachedBytes[slot] = Arrays.copyOfRange(b, start, end);
        cachedStrings[slot] = value;
        if (lookups == CACHE_TRIAL && hits < CACHE_TRIAL / 2) {
            cachedBytes = null;
            cachedStrings = null;
        }
        return value;
    }

    private static final long NOT_PLAIN = Long.MIN_VALUE;

    /** An optional sign and 1 to 18 digits, or {@link #NOT_PLAIN}. */
    private static long plainLong(byte[] b, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        int digits = end - i;
        if (digits < 1 || digits > 18) return NOT_PLAIN;
        long value = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return NOT_PLAIN;
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    /**
     * An optional sign, digits, and optionally '.' and more digits (a digit on each side of the point), at most 15
     * digits in all: the exact double. NaN when the text is anything else.
     */
    private static double plainDecimal(byte[] b, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long digits = 0;
        int count = 0;
        int scale = -1;
        int beforePoint = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '.' && scale < 0) {
                beforePoint = count;
                scale = 0;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9) return Double.NaN;
            digits = digits * 10 + d;
            count++;
            if (scale >= 0) scale++;
        }
        if (count == 0 || count > 15) return Double.NaN;
        if (scale == 0 || (scale > 0 && beforePoint == 0)) return Double.NaN;
        double value = scale > 0 ? digits / POWERS_OF_TEN[scale] : digits;
        return negative ? -value : value;
    }
}
