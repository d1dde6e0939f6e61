package dev.glasshouse.core.expr;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A constant. The value is normalised to its type's Java class, so a literal survives a JSON round trip intact: it
 * travels as its text (dates and timestamps in ISO form, decimals with all their digits) and the type turns the
 * text back into the value.
 */
public record Literal(@JsonSerialize(using = ToStringSerializer.class) Object value, DataType type)
        implements Expression {
    public Literal {
        value = type.coerce(value);
    }

    /**
     * A literal of the type Java gives the value: 50 → int, 50L → long, 50.0 → double, "IN" → string, a BigDecimal →
     * decimal of its own precision and scale, a LocalDate → date, an Instant → timestamp.
     */
    public static Literal of(Object value) {
        if (value instanceof Literal l) return l;
        if (value == null) return new Literal(null, DataType.STRING);
        if (value instanceof Boolean) return new Literal(value, DataType.BOOLEAN);
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return new Literal(value, DataType.INT);
        if (value instanceof Long) return new Literal(value, DataType.LONG);
        if (value instanceof BigDecimal d) return new Literal(d, DataType.decimalOf(d));
        if (value instanceof Number) return new Literal(value, DataType.DOUBLE);
        if (value instanceof String) return new Literal(value, DataType.STRING);
        if (value instanceof LocalDate) return new Literal(value, DataType.DATE);
        if (value instanceof Instant) return new Literal(value, DataType.TIMESTAMP);
        throw new IllegalArgumentException("unsupported literal " + value + " of " + value.getClass().getName()
                + ": use a boolean, number, BigDecimal, string, LocalDate or Instant");
    }

    @Override
    public Object eval(Row row) {
        return value;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    @Override
    public List<Expression> children() {
        return List.of();
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return this;
    }

    /** The column name Spark gives a bare literal: its value, strings without quotes. */
    @Override
    public String outputName() {
        if (value == null) return "NULL";
        return type.kind() == DataType.Kind.STRING ? (String) value : toString();
    }

    @Override
    public String toString() {
        if (value == null) return "null";
        return switch (type.kind()) {
            case STRING -> "'" + value + "'";
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case DATE -> "DATE '" + value + "'";
            case TIMESTAMP -> "TIMESTAMP '" + DateTimeText.format((Instant) value) + "'";
            default -> value.toString();
        };
    }
}
