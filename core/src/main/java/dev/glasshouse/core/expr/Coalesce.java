package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/**
 * {@code coalesce(a, b, ...)}: the first argument that is not null, converted to the arguments' common type
 * ({@link TypeCoercion}); null when all are. Arguments after the first non-null one are not evaluated.
 */
public record Coalesce(List<Expression> arguments) implements Expression {
    public Coalesce {
        if (arguments.isEmpty()) throw new IllegalArgumentException("coalesce needs at least one argument");
        arguments = List.copyOf(arguments);
    }

    @Override
    public Object eval(Row row) {
        for (Expression argument : arguments) {
            Object v = argument.eval(row);
            if (v != null) return dataType().coerce(v);
        }
        return null;
    }

    @Override
    public DataType dataType() {
        return TypeCoercion.commonType(arguments);
    }

    @Override
    public List<Expression> children() {
        return arguments;
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Coalesce(children);
    }

    @Override
    public String outputName() {
        return FunctionText.outputName("coalesce", arguments);
    }

    @Override
    public String toString() {
        return FunctionText.plan("coalesce", arguments);
    }
}
