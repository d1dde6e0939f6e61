package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** A constant. The value is normalised to its type's Java class, so a literal survives a JSON round trip intact. */
public record Literal(Object value, DataType type) implements Expression {
    public Literal {
        value = type.coerce(value);
    }

    /** A literal of the type Java gives the value: 50 → int, 50L → long, 50.0 → double, "IN" → string. */
    public static Literal of(Object value) {
        if (value instanceof Literal l) return l;
        if (value == null) return new Literal(null, DataType.STRING);
        if (value instanceof Boolean) return new Literal(value, DataType.BOOLEAN);
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return new Literal(value, DataType.INT);
        if (value instanceof Long) return new Literal(value, DataType.LONG);
        if (value instanceof Number) return new Literal(value, DataType.DOUBLE);
        if (value instanceof String) return new Literal(value, DataType.STRING);
        throw new IllegalArgumentException("unsupported literal " + value + " of " + value.getClass().getName()
                + ": use a boolean, number or string");
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

    @Override
    public String toString() {
        if (value == null) return "null";
        return type == DataType.STRING ? "'" + value + "'" : value.toString();
    }
}
