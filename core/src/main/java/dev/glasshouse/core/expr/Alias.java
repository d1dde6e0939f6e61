package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** Gives an expression's output column a name: {@code (amount * 2) AS double_amount}. */
public record Alias(Expression child, String name) implements Expression {
    @Override
    public Object eval(Row row) {
        return child.eval(row);
    }

    @Override
    public DataType dataType() {
        return child.dataType();
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Alias(children.get(0), name);
    }

    @Override
    public String outputName() {
        return name;
    }

    @Override
    public String toString() {
        return child + " AS " + name;
    }
}
