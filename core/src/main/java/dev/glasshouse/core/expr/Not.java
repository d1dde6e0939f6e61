package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** Logical NOT; NOT null is null. */
public record Not(Expression child) implements Expression {
    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        return v == null ? null : !(Boolean) v;
    }

    @Override
    public DataType dataType() {
        return DataType.BOOLEAN;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Not(children.get(0));
    }

    /** The column name Spark would give it: the same text with columns by name, positions left out. */
    @Override
    public String outputName() {
        return "(NOT " + child.outputName() + ")";
    }

    @Override
    public String toString() {
        return "NOT " + child;
    }
}
