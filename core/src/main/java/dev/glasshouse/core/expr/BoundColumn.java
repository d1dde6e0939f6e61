package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** A column at a known position of the input row; printed as {@code name#index} like Spark's attribute ids. */
public record BoundColumn(int index, String name, DataType type) implements Expression {
    @Override
    public Object eval(Row row) {
        return row.get(index);
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
    public String outputName() {
        return name;
    }

    @Override
    public String toString() {
        return name + "#" + index;
    }
}
