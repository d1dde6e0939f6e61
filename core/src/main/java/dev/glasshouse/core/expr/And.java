package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** Logical AND with SQL's three-valued logic: false wins over null; null AND true is null. */
public record And(Expression left, Expression right) implements Expression {
    @Override
    public Object eval(Row row) {
        Object l = left.eval(row);
        if (Boolean.FALSE.equals(l)) return false;
        Object r = right.eval(row);
        if (Boolean.FALSE.equals(r)) return false;
        if (l == null || r == null) return null;
        return true;
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
        return new And(children.get(0), children.get(1));
    }

    /** The column name Spark would give it: the same text with columns by name, positions left out. */
    @Override
    public String outputName() {
        return "(" + left.outputName() + " AND " + right.outputName() + ")";
    }

    @Override
    public String toString() {
        return "(" + left + " AND " + right + ")";
    }
}
