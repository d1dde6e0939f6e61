package dev.glasshouse.core.row;

import java.util.Arrays;
import java.util.List;

/**
 * One row: a fixed-length array of column values (see {@link dev.glasshouse.core.types.DataType} for the
 * Java class of each type). Rows are not thread-safe and operators may reuse nothing: each row is its own array.
 */
public final class Row {
    private final Object[] values;

    public Row(Object... values) {
        this.values = values;
    }

    public static Row of(List<?> values) {
        return new Row(values.toArray());
    }

    public Object get(int i) {
        return values[i];
    }

    public void set(int i, Object value) {
        values[i] = value;
    }

    public int size() {
        return values.length;
    }

    public boolean isNull(int i) {
        return values[i] == null;
    }

    public List<Object> toList() {
        return Arrays.asList(values.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
