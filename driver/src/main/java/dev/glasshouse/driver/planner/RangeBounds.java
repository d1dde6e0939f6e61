package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.RowOrdering;
import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.row.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of a range exchange, chosen the way Spark's RangePartitioner does: a job samples the sort keys of
 * every input partition, the driver sorts the sample and takes evenly spaced keys as bounds.
 */
public final class RangeBounds {
    /** Rows kept per input partition by the sampling job. */
    public static final int SAMPLE_PER_PARTITION = 100;

    private RangeBounds() {
    }

    /** Runs a sampling job over a plan; implemented by the session, which runs it as a real job. */
    @FunctionalInterface
    public interface Sampler {
        /** @return the rows of the sampling plan (one row of key values per sampled row) */
        List<Row> collect(PhysicalNode samplingPlan);
    }

    /** The plan of the sampling job: the sort keys of a random sample of each partition of {@code input}. */
    public static PhysicalNode samplingPlan(PhysicalNode input, List<SortKey> keys) {
        return new PhysicalNode.SampleExec(SAMPLE_PER_PARTITION,
                new PhysicalNode.ProjectExec(keys.stream().map(SortKey::expression).toList(), input));
    }

    /** At most {@code partitions - 1} distinct bounds, evenly spaced in the sorted sample. */
    public static List<List<Object>> choose(List<Row> sample, List<SortKey> keys, int partitions) {
        RowOrdering ordering = new RowOrdering(keys);
        List<Row> sorted = new ArrayList<>(sample);
        sorted.sort(ordering);
        List<List<Object>> bounds = new ArrayList<>();
        Row previous = null;
        for (int i = 1; i < partitions && !sorted.isEmpty(); i++) {
            Row bound = sorted.get(Math.min(sorted.size() - 1, (int) ((long) i * sorted.size() / partitions)));
            if (previous != null && ordering.compare(previous, bound) >= 0) continue;
            bounds.add(bound.toList());
            previous = bound;
        }
        return bounds;
    }
}
