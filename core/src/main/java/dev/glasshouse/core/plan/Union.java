package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.List;

/** All rows of both inputs, matched by position (Spark's {@code union}); names come from the left. Narrow. */
public record Union(LogicalPlan left, LogicalPlan right) implements LogicalPlan {
    @Override
    public Schema schema() {
        return left.schema();
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(left, right);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Union(children.get(0), children.get(1));
    }

    @Override
    public String describe() {
        return "Union";
    }
}
