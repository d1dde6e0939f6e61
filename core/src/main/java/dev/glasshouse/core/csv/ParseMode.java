package dev.glasshouse.core.csv;

import java.util.Locale;

/** What reading a CSV file does with a malformed row (wrong number of fields, or a value not of its column's type). */
public enum ParseMode {
    /** Spark's default: the row's values become null; the corrupt-record column, if the schema has one, holds the line. */
    PERMISSIVE,
    /** The row is skipped. */
    DROPMALFORMED,
    /** The read fails, naming the file, the line and the column. */
    FAILFAST;

    /** Reads the option value, any case, as Spark does. */
    public static ParseMode parse(String value) {
        if (value != null) {
            for (ParseMode mode : values()) {
                if (mode.name().equals(value.trim().toUpperCase(Locale.ROOT))) return mode;
            }
        }
        throw new IllegalArgumentException("CSV option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST, got '"
                + value + "'");
    }
}
