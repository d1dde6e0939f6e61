package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.List;
import java.util.stream.Collectors;

/** The child's rows in a global order ({@code orderBy}). Wide: range partitioning, then a sort per partition. */
public record Sort(List<SortKey> keys, LogicalPlan child) implements LogicalPlan {
    public Sort {
        keys = List.copyOf(keys);
    }

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
        return new Sort(keys, children.get(0));
    }

    @Override
    public String describe() {
        return "Sort " + keys.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
