package dev.glasshouse.core.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column types Glasshouse understands. Values are held as plain Java objects: BOOLEAN → Boolean, INT → Integer,
 * LONG → Long, DOUBLE → Double, DECIMAL(p,s) → BigDecimal with exactly scale s, STRING → String, DATE → LocalDate,
 * TIMESTAMP → Instant; null is SQL NULL.
 *
 * <p>Glasshouse's session time zone is UTC: a timestamp written without an offset is read as UTC, and a timestamp's
 * date, year or month is taken in UTC.
 *
 * <p>Every type but decimal is a singleton, so {@code type == DataType.INT} works; compare decimals with
 * {@link #equals} (or switch on {@link #kind()}). Jackson writes a type as its SQL name ({@code "decimal(10,2)"}).
 */
public final class DataType {
    /** What kind of type this is, for switches. Only DECIMAL carries parameters. */
    public enum Kind { BOOLEAN, INT, LONG, DOUBLE, DECIMAL, STRING, DATE, TIMESTAMP }

    /** The largest decimal precision, as in Spark. */
    public static final int MAX_PRECISION = 38;

    public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, 0, 0);
    public static final DataType INT = new DataType(Kind.INT, 0, 0);
    public static final DataType LONG = new DataType(Kind.LONG, 0, 0);
    public static final DataType DOUBLE = new DataType(Kind.DOUBLE, 0, 0);
    public static final DataType STRING = new DataType(Kind.STRING, 0, 0);
    public static final DataType DATE = new DataType(Kind.DATE, 0, 0);
    public static final DataType TIMESTAMP = new DataType(Kind.TIMESTAMP, 0, 0);

    private static final Pattern DECIMAL = Pattern.compile("(?:decimal|numeric|dec)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    private static final String KNOWN = "boolean, int, long, double, decimal(p,s), string, date, timestamp";

    private final Kind kind;
    private final int precision;
    private final int scale;

    private DataType(Kind kind, int precision, int scale) {
        this.kind = kind;
        this.precision = precision;
        this.scale = scale;
    }

    /** {@code decimal(precision, scale)}: up to 38 digits in all, {@code scale} of them after the point. */
    public static DataType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("decimal(" + precision + "," + scale + ") is not a valid type: "
                    + "precision must be 1 to " + MAX_PRECISION + " and scale 0 to the precision");
        }
        return new DataType(Kind.DECIMAL, precision, scale);
    }

    /** The decimal type Spark gives a literal: all its digits, its own scale. */
    public static DataType decimalOf(BigDecimal value) {
        int scale = Math.max(0, value.scale());
        return decimal(Math.max(1, Math.max(value.precision() - value.scale() + scale, scale)), scale);
    }

    /** The decimal that holds every value of an integral type exactly (int → decimal(10,0), long → decimal(20,0)). */
    public DataType asDecimal() {
        return switch (kind) {
            case INT -> decimal(10, 0);
            case LONG -> decimal(20, 0);
            case DECIMAL -> this;
            default -> throw new IllegalStateException(sqlName() + " has no exact decimal form");
        };
    }

    public Kind kind() {
        return kind;
    }

    /** Total digits of a decimal; 0 for other types. */
    public int precision() {
        return precision;
    }

    /** Digits after the point of a decimal; 0 for other types. */
    public int scale() {
        return scale;
    }

    public boolean isNumeric() {
        return kind == Kind.INT || kind == Kind.LONG || kind == Kind.DOUBLE || kind == Kind.DECIMAL;
    }

    public boolean isDecimal() {
        return kind == Kind.DECIMAL;
    }

    /**
     * The type both sides of an arithmetic or comparison are widened to (Spark's numeric precedence):
     * int &lt; long &lt; decimal &lt; double. Two decimals (or a decimal and an integer) widen to a decimal with
     * enough integer and fraction digits for both.
     */
    public static DataType widerNumeric(DataType a, DataType b) {
        if (a.kind == Kind.DOUBLE || b.kind == Kind.DOUBLE) return DOUBLE;
        if (a.isDecimal() || b.isDecimal()) {
            DataType x = a.asDecimal();
            DataType y = b.asDecimal();
            int scale = Math.max(x.scale, y.scale);
            int integerDigits = Math.max(x.precision - x.scale, y.precision - y.scale);
            return decimal(Math.min(MAX_PRECISION, integerDigits + scale), scale);
        }
        if (a.kind == Kind.LONG || b.kind == Kind.LONG) return LONG;
        return INT;
    }

    /**
     * Brings a value decoded loosely (from JSON, say: 5 may come back as an Integer, a date as its ISO text) to this
     * type's Java class. Null stays null. A decimal is rounded half-up to the type's scale.
     */
    public Object coerce(Object value) {
        if (value == null) return null;
        return switch (kind) {
            case BOOLEAN -> value instanceof Boolean b ? b : Boolean.valueOf(value.toString());
            case INT -> value instanceof Number n ? Integer.valueOf(n.intValue()) : Integer.valueOf(value.toString());
            case LONG -> value instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(value.toString());
            case DOUBLE -> value instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(value.toString());
            case DECIMAL -> toBigDecimal(value).setScale(scale, RoundingMode.HALF_UP);
            case STRING -> value.toString();
            case DATE -> value instanceof LocalDate d ? d : LocalDate.parse(value.toString());
            case TIMESTAMP -> (value instanceof Instant t ? t : Instant.parse(value.toString())).truncatedTo(ChronoUnit.MICROS);
        };
    }

    /** Whether a decimal value (at this type's scale) has no more digits than the precision allows. */
    public boolean fits(BigDecimal value) {
        return value.precision() - value.scale() <= precision - scale;
    }

    /** A number (or its text) as an exact decimal; doubles go through their shortest decimal text. */
    public static BigDecimal toBigDecimal(Object value) {
        if (value instanceof BigDecimal d) return d;
        if (value instanceof BigInteger i) return new BigDecimal(i);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number n) return BigDecimal.valueOf(n.doubleValue());
        return new BigDecimal(value.toString().trim());
    }

    /** The name users write in a schema string and see in plans: {@code long}, {@code decimal(10,2)}, ... */
    @JsonValue
    public String sqlName() {
        if (kind == Kind.DECIMAL) return "decimal(" + precision + "," + scale + ")";
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Parses a type name as written in an explicit schema ("amount double", "price decimal(10,2)"). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DataType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(n);
        if (decimal.matches()) {
            return decimal(Integer.parseInt(decimal.group(1)),
                    decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2)));
        }
        return switch (n) {
            case "boolean", "bool" -> BOOLEAN;
            case "int", "integer" -> INT;
            case "long", "bigint" -> LONG;
            case "double", "float" -> DOUBLE;
            case "decimal", "numeric", "dec" -> decimal(10, 0);
            case "string", "varchar", "text" -> STRING;
            case "date" -> DATE;
            case "timestamp" -> TIMESTAMP;
            default -> throw new IllegalArgumentException("unknown type '" + name + "': use one of " + KNOWN);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataType other && kind == other.kind && precision == other.precision
                && scale == other.scale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, precision, scale);
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
