package dev.glasshouse.cli.bench;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses a row count: a plain number ({@code 100000}), or one with a suffix {@code k} (thousand) or {@code m}
 * (million): {@code 20k}, {@code 1m}, {@code 10m}. Also names counts back the short way for data set names.
 */
public final class RowCount implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        if (v.endsWith("k")) {
            unit = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 1_000_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            long count = Math.multiplyExact(Long.parseLong(v), unit);
            if (count < 1) throw new NumberFormatException("not positive");
            return count;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a row count: use a positive number such as 100000, 20k, 1m or 10m");
        }
    }

    /** {@code 10m}, {@code 20k}, or the plain number when neither fits exactly. */
    public static String shortName(long count) {
        if (count % 1_000_000 == 0) return count / 1_000_000 + "m";
        if (count % 1_000 == 0) return count / 1_000 + "k";
        return Long.toString(count);
    }
}
