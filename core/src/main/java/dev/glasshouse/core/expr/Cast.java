package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import dev.glasshouse.core.types.ValueText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * {@code CAST(child AS type)} with Spark's non-ANSI semantics: a string that is not a value of the type becomes
 * null, not an error; a double or decimal becomes an integer by truncation toward zero (NaN is 0, out of range
 * saturates, as Java's narrowing does); a long too large for an int wraps; a number too large for a decimal's
 * precision becomes null. Strings read numbers after trimming spaces, booleans from true/t/yes/y/1 and
 * false/f/no/n/0, dates and timestamps in the forms of {@link DateTimeText} (a string cast to a date may carry a
 * time, which is dropped). A date casts to a timestamp at midnight UTC and a timestamp to its UTC date; an integer
 * or double casts to a timestamp as seconds since the epoch. Every value casts to a string ({@link ValueText}).
 */
public record Cast(Expression child, DataType type) implements Expression {

    /** Whether Glasshouse can cast values of {@code from} to {@code to}. */
    public static boolean canCast(DataType from, DataType to) {
        if (from.equals(to) || to == DataType.STRING || from == DataType.STRING) return true;
        return switch (to.kind()) {
            case BOOLEAN -> from.isNumeric();
            case INT, LONG, DOUBLE, DECIMAL -> from.isNumeric() || from == DataType.BOOLEAN;
            case DATE -> from == DataType.TIMESTAMP;
            case TIMESTAMP -> from == DataType.DATE || from.isNumeric();
            case STRING -> true;
        };
    }

    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        return v == null ? null : convert(v, type);
    }

    /** The value as {@code to}, or null when it has none (Spark's non-ANSI cast). */
    public static Object convert(Object value, DataType to) {
        if (to == DataType.STRING) return ValueText.of(value);
        if (value instanceof String s) return fromString(s.strip(), to);
        if (value instanceof Boolean b) return to == DataType.BOOLEAN ? b : fromNumber(b ? 1 : 0, to);
        if (value instanceof Number n) return fromNumber(n, to);
        if (value instanceof LocalDate d) return to == DataType.TIMESTAMP ? DateTimeText.startOf(d) : d;
        if (value instanceof Instant t) return to == DataType.DATE ? DateTimeText.dateOf(t) : t;
        throw new IllegalStateException("cannot cast " + value.getClass().getSimpleName() + " to " + to);
    }

    private static Object fromNumber(Number n, DataType to) {
        return switch (to.kind()) {
            case BOOLEAN -> n instanceof BigDecimal d ? d.signum() != 0 : n.doubleValue() != 0;
            case INT -> n instanceof Double ? Integer.valueOf((int) n.doubleValue()) : Integer.valueOf(n.intValue());
            case LONG -> n instanceof Double ? Long.valueOf((long) n.doubleValue()) : Long.valueOf(n.longValue());
            case DOUBLE -> n.doubleValue();
            case DECIMAL -> {
                if (n instanceof Double d && (d.isNaN() || d.isInfinite())) yield null;
                yield toDecimal(DataType.toBigDecimal(n), to);
            }
            case TIMESTAMP -> DateTimeText.fromEpochMicros(
                    n instanceof Integer || n instanceof Long ? n.longValue() * 1_000_000L
                            : (long) (n.doubleValue() * 1_000_000d));
            default -> throw new IllegalStateException("cannot cast a number to " + to);
        };
    }

    private static Object fromString(String s, DataType to) {
        try {
            return switch (to.kind()) {
                case BOOLEAN -> switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
                    case "false", "f", "no", "n", "0" -> Boolean.FALSE;
                    default -> null;
                };
                case INT, LONG -> {
                    BigDecimal whole = new BigDecimal(s).setScale(0, RoundingMode.DOWN);
                    yield to == DataType.INT ? (Object) whole.intValueExact() : (Object) whole.longValueExact();
                }
                case DOUBLE -> Double.parseDouble(s);
                case DECIMAL -> toDecimal(new BigDecimal(s), to);
                case DATE -> DateTimeText.parseDate(s.length() > 10 && (s.charAt(10) == 'T' || s.charAt(10) == ' ')
                        ? s.substring(0, 10) : s);
                case TIMESTAMP -> s.length() == 10 ? DateTimeText.startOf(DateTimeText.parseDate(s))
                        : DateTimeText.parseTimestamp(s);
                case STRING -> s;
            };
        } catch (IllegalArgumentException | ArithmeticException notAValue) {
            // NumberFormatException and date-time errors are IllegalArgumentExceptions: Spark answers null.
            return null;
        }
    }

    private static BigDecimal toDecimal(BigDecimal value, DataType to) {
        BigDecimal scaled = value.setScale(to.scale(), RoundingMode.HALF_UP);
        return to.fits(scaled) ? scaled : null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Cast(children.get(0), type);
    }

    @Override
    public String outputName() {
        return "CAST(" + child.outputName() + " AS " + type.sqlName().toUpperCase(Locale.ROOT) + ")";
    }

    @Override
    public String toString() {
        return "CAST(" + child + " AS " + type.sqlName().toUpperCase(Locale.ROOT) + ")";
    }
}
