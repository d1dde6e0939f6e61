package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Range;

/**
 * Estimates how many bytes a logical plan produces, as Spark does from file statistics: the total size of the
 * input files under it. Filters and projections keep their input's estimate (Spark's default size-only
 * statistics), so a filtered big table is still big.
 */
@FunctionalInterface
public interface SizeEstimator {

    long bytes(LogicalPlan plan);

    /** Sums the lengths of the splits of every relation under the plan. */
    static SizeEstimator fromSplits(SplitSource splits) {
        return new SizeEstimator() {
            @Override
            public long bytes(LogicalPlan plan) {
                if (plan instanceof dev.glasshouse.core.plan.CachedRelation cached) return bytes(cached.plan());
                if (plan instanceof FileRelation relation) {
                    return splits.splits(relation.path()).stream().mapToLong(FileSplit::length).sum();
                }
                // As Spark: eight bytes per number of a range.
                if (plan instanceof Range range) return range.count() * Long.BYTES;
                long total = 0;
                for (LogicalPlan child : plan.children()) total += bytes(child);
                return total;
            }
        };
    }
}
