package dev.glasshouse.core.expr;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/**
 * One aggregate in a grouping, e.g. {@code sum(amount) AS total}.
 *
 * @param argument the aggregated expression; null means {@code count(*)}
 * @param name     the output column name
 */
public record AggregateCall(AggregateFunction function, Expression argument, String name) {

    @JsonIgnore
    public DataType argumentType() {
        return argument == null ? DataType.LONG : argument.dataType();
    }

    @JsonIgnore
    public DataType resultType() {
        return function.resultType(argumentType());
    }

    @JsonIgnore
    public List<DataType> stateTypes() {
        return function.stateTypes(argumentType());
    }

    public AggregateCall withArgument(Expression newArgument) {
        return new AggregateCall(function, newArgument, name);
    }

    @Override
    public String toString() {
        return function.sqlName() + "(" + (argument == null ? "*" : argument) + ") AS " + name;
    }
}
