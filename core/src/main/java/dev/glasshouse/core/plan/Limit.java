package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.List;

/** At most {@code count} rows of the child. */
public record Limit(int count, LogicalPlan child) implements LogicalPlan {
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
        return new Limit(count, children.get(0));
    }

    @Override
    public String describe() {
        return "Limit " + count;
    }
}
