package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** Logical OR with SQL's three-valued logic: true wins over null; null OR false is null. */
public record Or(Expression left, Expression right) implements Expression {
    @Override
    public Object eval(Row row) {
        Object l = left.eval(row);
        if (Boolean.TRUE.equals(l)) return true;
        Object r = right.eval(row);
        if (Boolean.TRUE.equals(r)) return true;
        if (l == null || r == null) return null;
        return false;
    }

    @Override
    public DataType dataType() {
        return DataType.BOOLEAN;
    }

    @Override
    public List<Expression> children() {
        return List.of(left, right);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Or(children.get(0), children.get(1));
    }

    /** The column name Spark would give it: the same text with columns by name, positions left out. */
    @Override
    public String outputName() {
        return "(" + left.outputName() + " OR " + right.outputName() + ")";
    }

    @Override
    public String toString() {
        return "(" + left + " OR " + right + ")";
    }
}
