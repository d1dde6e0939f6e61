package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** A column named by the user, not yet bound to a position; the analyzer replaces it with {@link BoundColumn}. */
public record ColumnRef(String name) implements Expression {
    @Override
    public Object eval(Row row) {
        throw new IllegalStateException("column '" + name + "' was not resolved before evaluation");
    }

    @Override
    public DataType dataType() {
        throw new IllegalStateException("column '" + name + "' is not resolved");
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
        return "'" + name;
    }
}
