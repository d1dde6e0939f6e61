package dev.glasshouse.core.types;

import java.util.Locale;

/**
 * The column types Glasshouse understands. Values are held as plain Java objects:
 * BOOLEAN → Boolean, INT → Integer, LONG → Long, DOUBLE → Double, STRING → String; null is SQL NULL.
 */
public enum DataType {
    BOOLEAN, INT, LONG, DOUBLE, STRING;

    public boolean isNumeric() {
        return this == INT || this == LONG || this == DOUBLE;
    }

    /** The type both sides of an arithmetic or comparison are widened to (Spark's numeric precedence). */
    public static DataType widerNumeric(DataType a, DataType b) {
        if (a == DOUBLE || b == DOUBLE) return DOUBLE;
        if (a == LONG || b == LONG) return LONG;
        return INT;
    }

    /**
     * Brings a value decoded loosely (from JSON, say: 5 may come back as an Integer) to this type's Java class.
     * Null stays null.
     */
    public Object coerce(Object value) {
        if (value == null) return null;
        return switch (this) {
            case BOOLEAN -> value instanceof Boolean b ? b : Boolean.valueOf(value.toString());
            case INT -> value instanceof Number n ? Integer.valueOf(n.intValue()) : Integer.valueOf(value.toString());
            case LONG -> value instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(value.toString());
            case DOUBLE -> value instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(value.toString());
            case STRING -> value.toString();
        };
    }

    /** The name users write in a schema string and see in plans: {@code long}, {@code string}, ... */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a type name as written in an explicit schema ("amount double"). */
    public static DataType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "boolean", "bool" -> BOOLEAN;
            case "int", "integer" -> INT;
            case "long", "bigint" -> LONG;
            case "double", "float" -> DOUBLE;
            case "string", "varchar", "text" -> STRING;
            default -> throw new IllegalArgumentException(
                    "unknown type '" + name + "': use one of boolean, int, long, double, string");
        };
    }
}
