package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/** {@code child IS NULL} (or {@code IS NOT NULL} when negated); never null itself. */
public record IsNull(Expression child, boolean negated) implements Expression {
    @Override
    public Object eval(Row row) {
        return (child.eval(row) == null) != negated;
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
        return new IsNull(children.get(0), negated);
    }

    /** The column name Spark would give it: the same text with columns by name, positions left out. */
    @Override
    public String outputName() {
        return "(" + child.outputName() + (negated ? " IS NOT NULL)" : " IS NULL)");
    }

    @Override
    public String toString() {
        return "(" + child + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
}
