package dev.glasshouse.core.plan;

import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.types.Schema;
import java.util.List;

/**
 * The same rows in {@code partitions} partitions: hash-partitioned on the keys, or round robin without keys.
 * Always a shuffle ({@code repartition}).
 *
 * @param keys bound columns of the child
 */
public record Repartition(int partitions, List<Expression> keys, LogicalPlan child) implements LogicalPlan {
    public Repartition {
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
        return new Repartition(partitions, keys, children.get(0));
    }

    @Override
    public String describe() {
        return "Repartition " + partitions + (keys.isEmpty() ? " round robin" : " by " + keys);
    }
}
