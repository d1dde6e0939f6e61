package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.Partitioning;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.CachedRelation;
import dev.glasshouse.core.plan.Coalesce;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.MapPartitions;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.plan.Repartition;
import dev.glasshouse.core.plan.Sample;
import dev.glasshouse.core.plan.Sort;
import dev.glasshouse.core.plan.SubqueryAlias;
import dev.glasshouse.core.plan.Union;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses how to run an optimized logical plan. The decisions here:
 * <ul>
 *   <li>an {@link Aggregate} becomes a partial aggregation, a hash {@link PhysicalNode.Exchange} on the keys, and a
 *   final aggregation, so only one row per key and map task crosses the network; a global aggregate (no keys)
 *   shuffles into one partition;</li>
 *   <li>a {@link Limit} takes n rows per partition, gathers them into one partition, and takes n again;</li>
 *   <li>a {@link Sort} range-partitions the rows (bounds come from a sampling job) and sorts each partition;</li>
 *   <li>a {@link Join} broadcasts a side whose estimated size is at most the broadcast threshold, or else
 *   hash-partitions both sides on the keys.</li>
 * </ul>
 */
public final class PhysicalPlanner {
    private final int shufflePartitions;
    private final long broadcastThreshold;
    private final SizeEstimator sizes;

    /** @param broadcastThreshold the largest side broadcast to a join, in bytes; negative disables broadcasts */
    public PhysicalPlanner(int shufflePartitions, long broadcastThreshold, SizeEstimator sizes) {
        this.shufflePartitions = shufflePartitions;
        this.broadcastThreshold = broadcastThreshold;
        this.sizes = sizes;
    }

    public PhysicalNode plan(LogicalPlan logical) {
        if (logical instanceof FileRelation relation) {
            return new PhysicalNode.FileScan(relation);
        } else if (logical instanceof dev.glasshouse.core.plan.Range range) {
            return new PhysicalNode.RangeScan(range);
        } else if (logical instanceof Filter filter) {
            return new PhysicalNode.FilterExec(filter.condition(), plan(filter.child()));
        } else if (logical instanceof Project project) {
            return new PhysicalNode.ProjectExec(project.expressions(), plan(project.child()));
        } else if (logical instanceof Limit limit) {
            PhysicalNode local = new PhysicalNode.LocalLimit(limit.count(), false, plan(limit.child()));
            return new PhysicalNode.LocalLimit(limit.count(), true,
                    PhysicalNode.Exchange.hashOnLeadingColumns(0, 1, local));
        } else if (logical instanceof Aggregate aggregate) {
            return planAggregate(aggregate);
        } else if (logical instanceof Sort sort) {
            PhysicalNode.Exchange exchange = new PhysicalNode.Exchange(
                    new Partitioning.Range(sort.keys(), List.of()), shufflePartitions, plan(sort.child()));
            return new PhysicalNode.SortExec(sort.keys(), exchange);
        } else if (logical instanceof Repartition repartition) {
            Partitioning partitioning = repartition.keys().isEmpty() ? new Partitioning.RoundRobin()
                    : new Partitioning.Hash(columns(repartition.keys()));
            return new PhysicalNode.Exchange(partitioning, repartition.partitions(), plan(repartition.child()));
        } else if (logical instanceof Coalesce coalesce) {
            return new PhysicalNode.CoalesceExec(coalesce.partitions(), plan(coalesce.child()));
        } else if (logical instanceof MapPartitions user) {
            return new PhysicalNode.MapPartitionsExec(user.transformation(), user.function(), user.schema(),
                    plan(user.child()));
        } else if (logical instanceof SubqueryAlias alias) {
            return plan(alias.child());
        } else if (logical instanceof Sample sample) {
            return new PhysicalNode.BernoulliSampleExec(sample.fraction(), sample.seed(), plan(sample.child()));
        } else if (logical instanceof Union union) {
            return new PhysicalNode.UnionExec(plan(union.left()), plan(union.right()));
        } else if (logical instanceof CachedRelation cached) {
            return new PhysicalNode.InMemoryScan(cached.datasetId(), cached.level(), plan(cached.plan()));
        } else if (logical instanceof Join join) {
            return new JoinPlanner(shufflePartitions, broadcastThreshold, sizes).plan(join, plan(join.left()),
                    plan(join.right()));
        } else {
            throw new IllegalStateException("unexpected " + logical);
        }
    }

    /** Positions of bound columns (the analyzer binds repartition keys to plain columns). */
    private static int[] columns(List<Expression> keys) {
        int[] columns = new int[keys.size()];
        for (int i = 0; i < columns.length; i++) {
            if (!(keys.get(i) instanceof BoundColumn bound)) {
                throw new IllegalStateException("repartition key " + keys.get(i) + " is not a column");
            }
            columns[i] = bound.index();
        }
        return columns;
    }

    private PhysicalNode planAggregate(Aggregate aggregate) {
        PhysicalNode.HashAggregate partial = new PhysicalNode.HashAggregate(true, aggregate.groupings(),
                aggregate.aggregates(), plan(aggregate.child()));
        int keyCount = aggregate.groupings().size();
        int partitions = keyCount == 0 ? 1 : shufflePartitions;
        PhysicalNode.Exchange exchange = PhysicalNode.Exchange.hashOnLeadingColumns(keyCount, partitions, partial);

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
