package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.List;

/** The same rows in at most {@code partitions} partitions, by merging neighbouring ones: no shuffle. */
public record Coalesce(int partitions, LogicalPlan child) implements LogicalPlan {
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
        return new Coalesce(partitions, children.get(0));
    }

    @Override
    public String describe() {
        return "Coalesce " + partitions;
    }
}
