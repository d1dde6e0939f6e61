package dev.glasshouse.core.plan;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code groupBy(keys).agg(aggregates)}: one row per distinct key. Wide: the planner puts a shuffle inside. */
public record Aggregate(List<Expression> groupings, List<AggregateCall> aggregates, LogicalPlan child)
        implements LogicalPlan {
    public Aggregate {
        groupings = List.copyOf(groupings);
        aggregates = List.copyOf(aggregates);
    }

    @Override
    public Schema schema() {
        List<Field> fields = new ArrayList<>();
        for (Expression g : groupings) fields.add(new Field(g.outputName(), g.dataType()));
        for (AggregateCall a : aggregates) fields.add(new Field(a.name(), a.resultType()));
        return new Schema(fields);
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(child);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Aggregate(groupings, aggregates, children.get(0));
    }

    @Override
    public String describe() {
        return "Aggregate " + groupings.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"))
                + ", " + aggregates.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
