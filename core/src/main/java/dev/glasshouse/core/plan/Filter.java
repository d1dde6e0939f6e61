package dev.glasshouse.core.plan;

import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.types.Schema;
import java.util.List;

/** Rows of the child for which the condition is true. Narrow. */
public record Filter(Expression condition, LogicalPlan child) implements LogicalPlan {
    @Override
    public Schema schema() {
        return child.schema();
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(child);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Filter(condition, children.get(0));
    }

    @Override
    public String describe() {
        return "Filter " + condition;
    }
}
