package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.List;

/**
 * Each row of the child kept with probability {@code fraction}, independently ({@code df.sample}). Narrow. The same
 * seed keeps the same rows of the same partitions.
 */
public record Sample(double fraction, long seed, LogicalPlan child) implements LogicalPlan {
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
        return new Sample(fraction, seed, children.get(0));
    }

    @Override
    public String describe() {
        return "Sample fraction=" + fraction + ", seed=" + seed;
    }
}
