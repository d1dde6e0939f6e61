package dev.glasshouse.core.plan;

import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.types.Schema;
import java.util.List;

/**
 * A persisted dataset standing in for the plan that computes it (Spark's InMemoryRelation). It is a leaf to the
 * optimizer: filters and column pruning stop here, because every query must see the same cached partitions.
 * The planner computes the partitions from {@code plan} where the cache lacks them.
 *
 * @param plan the dataset's own plan, analyzed (optimized separately, once per query)
 */
public record CachedRelation(int datasetId, StorageLevel level, LogicalPlan plan) implements LogicalPlan {

    @Override
    public Schema schema() {
        return plan.schema();
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of();
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return this;
    }

    public CachedRelation withPlan(LogicalPlan newPlan) {
        return new CachedRelation(datasetId, level, newPlan);
    }

    @Override
    public String describe() {
        return "InMemoryRelation [dataset " + datasetId + ", " + level + "] " + schema();
    }
}
