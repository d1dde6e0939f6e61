package dev.glasshouse.driver.planner;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.CsvRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses how to run an optimized logical plan. The one real decision here: an {@link Aggregate} becomes a
 * partial aggregation, a hash {@link PhysicalNode.Exchange} on the keys, and a final aggregation, so only one
 * row per key and map task crosses the network. A global aggregate (no keys) shuffles into one partition.
 */
public final class PhysicalPlanner {
    private final int shufflePartitions;

    public PhysicalPlanner(int shufflePartitions) {
        this.shufflePartitions = shufflePartitions;
    }

    public PhysicalNode plan(LogicalPlan logical) {
        if (logical instanceof CsvRelation relation) {
            return new PhysicalNode.CsvScan(relation);
        } else if (logical instanceof Filter filter) {
            return new PhysicalNode.FilterExec(filter.condition(), plan(filter.child()));
        } else if (logical instanceof Project project) {
            return new PhysicalNode.ProjectExec(project.expressions(), plan(project.child()));
        } else if (logical instanceof Limit limit) {
            return new PhysicalNode.LocalLimit(limit.count(), plan(limit.child()));
        } else if (logical instanceof Aggregate aggregate) {
            return planAggregate(aggregate);
        } else {
            throw new IllegalStateException("unexpected " + logical);
        }
    }

    private PhysicalNode planAggregate(Aggregate aggregate) {
        PhysicalNode.HashAggregate partial = new PhysicalNode.HashAggregate(true, aggregate.groupings(),
                aggregate.aggregates(), plan(aggregate.child()));
        int keyCount = aggregate.groupings().size();
        int partitions = keyCount == 0 ? 1 : shufflePartitions;
        PhysicalNode.Exchange exchange = new PhysicalNode.Exchange(keyCount, partitions, partial);

        // After the shuffle the keys are the first columns of each row: rebind the key expressions to them.
        Schema shuffled = exchange.schema();
        List<Expression> finalKeys = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            finalKeys.add(new BoundColumn(i, shuffled.field(i).name(), shuffled.field(i).type()));
        }
        List<AggregateCall> calls = aggregate.aggregates();
        return new PhysicalNode.HashAggregate(false, finalKeys, calls, exchange);
    }
}
