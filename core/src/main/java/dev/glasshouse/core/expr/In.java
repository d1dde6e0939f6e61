package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code value IN (a, b, ...)}, Spark's {@code isin}. Three-valued like a chain of {@code =} joined by OR: true when
 * some element equals the value; null when the value is null, or when none matches but an element is null; else
 * false.
 */
public record In(Expression value, List<Expression> list) implements Expression {
    public In {
        list = List.copyOf(list);
    }

    @Override
    public Object eval(Row row) {
        Object v = value.eval(row);
        if (v == null) return null;
        boolean sawNull = false;
        for (Expression element : list) {
            Object e = element.eval(row);
            if (e == null) {
                sawNull = true;
            } else if (Comparison.compare(v, e) == 0) {
                return true;
            }
        }
        return sawNull ? null : false;
    }

    @Override
    public DataType dataType() {
        return DataType.BOOLEAN;
    }

    @Override
    public List<Expression> children() {
        List<Expression> children = new ArrayList<>();
        children.add(value);
        children.addAll(list);
        return children;
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new In(children.get(0), children.subList(1, children.size()));
    }

    @Override
    public String outputName() {
        return "(" + value.outputName() + " IN " + list.stream().map(Expression::outputName)
                .collect(Collectors.joining(", ", "(", ")")) + ")";
    }

    @Override
    public String toString() {
        return "(" + value + " IN " + list.stream().map(Object::toString)
                .collect(Collectors.joining(", ", "(", ")")) + ")";
    }
}
