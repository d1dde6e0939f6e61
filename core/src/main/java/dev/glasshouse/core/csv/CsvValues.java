package dev.glasshouse.core.csv;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Text ↔ typed values, shared by reading and schema inference so both accept exactly the same text. */
final class CsvValues {
    private CsvValues() {
    }

    /**
     * The value of a non-null field as {@code type}. An empty field of a non-string type is null (there is no
     * empty number). Numbers, booleans, dates and timestamps may carry surrounding spaces. A decimal is rounded
     * half-up to the type's scale and must fit its precision. Dates and timestamps take the forms of
     * {@link DateTimeText}.
     *
     * @throws IllegalArgumentException when the text is not a value of the type
     */
    static Object parse(String text, DataType type) {
        if (type == DataType.STRING) return text;
        String t = text.strip();
        if (t.isEmpty()) return null;
        return switch (type.kind()) {
            case BOOLEAN -> {
                if (t.equalsIgnoreCase("true")) yield Boolean.TRUE;
                if (t.equalsIgnoreCase("false")) yield Boolean.FALSE;
                throw new IllegalArgumentException("not true or false");
            }
            case INT -> Integer.parseInt(t);
            case LONG -> Long.parseLong(t);
            case DOUBLE -> Double.parseDouble(t);
            case DECIMAL -> {
                BigDecimal value = new BigDecimal(t).setScale(type.scale(), RoundingMode.HALF_UP);
                if (!type.fits(value)) throw new IllegalArgumentException("too many digits for " + type.sqlName());
                yield value;
            }
            case DATE -> DateTimeText.parseDate(t);
            case TIMESTAMP -> DateTimeText.parseTimestamp(t);
            case STRING -> throw new AssertionError("handled above");
        };
    }

    /** The narrowest type that can hold the text: BOOLEAN, INT, LONG, DOUBLE, DATE, TIMESTAMP, else STRING. */
    static DataType narrowest(String text) {
        for (DataType candidate : new DataType[] {DataType.BOOLEAN, DataType.INT, DataType.LONG, DataType.DOUBLE,
                DataType.DATE, DataType.TIMESTAMP}) {
            try {
                parse(text, candidate);
                return candidate;
            } catch (IllegalArgumentException notThisType) {
                // try the next wider type
            }
        }
        return DataType.STRING;
    }

    /**
     * The narrowest type holding values of both types: numbers widen, a date and a timestamp make a timestamp (as in
     * Spark), anything else mixed is a string.
     */
    static DataType merge(DataType a, DataType b) {
        if (a.equals(b)) return a;
        if (a.isNumeric() && b.isNumeric()) return DataType.widerNumeric(a, b);
        if ((a == DataType.DATE && b == DataType.TIMESTAMP) || (a == DataType.TIMESTAMP && b == DataType.DATE)) {
            return DataType.TIMESTAMP;
        }
        return DataType.STRING;
    }
}
