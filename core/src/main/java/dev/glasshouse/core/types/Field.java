package dev.glasshouse.core.types;

/** One named, typed column of a {@link Schema}. */
public record Field(String name, DataType type, boolean nullable) {
    public Field(String name, DataType type) {
        this(name, type, true);
    }

    @Override
    public String toString() {
        return name + ":" + type.sqlName();
    }
}
