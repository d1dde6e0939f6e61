package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.ValueText;
import java.util.List;

/**
 * {@code concat(a, b, ...)}: the arguments' text joined with nothing between; null when any argument is null, as in
 * Spark. Non-string arguments are taken as their string cast ({@link ValueText}).
 */
public record Concat(List<Expression> arguments) implements Expression {
    public Concat {
        arguments = List.copyOf(arguments);
    }

    @Override
    public Object eval(Row row) {
        StringBuilder out = new StringBuilder();
        for (Expression argument : arguments) {
            Object v = argument.eval(row);
            if (v == null) return null;
            out.append(ValueText.of(v));
        }
        return out.toString();
    }

    @Override
    public DataType dataType() {
        return DataType.STRING;
    }

    @Override
    public List<Expression> children() {
        return arguments;
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Concat(children);
    }

    @Override
    public String outputName() {
        return FunctionText.outputName("concat", arguments);
    }

    @Override
    public String toString() {
        return FunctionText.plan("concat", arguments);
    }
}
